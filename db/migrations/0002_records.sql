CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`user_id` text,
	`token_id` text,
	`action` text NOT NULL,
	`unit_id` text,
	`target` text NOT NULL,
	`details` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_log_unit_idx` ON `audit_log` (`unit_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `assignments` (
	`id` text PRIMARY KEY NOT NULL,
	`official_id` text NOT NULL,
	`user_id` text,
	`course_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`deadline` text NOT NULL,
	`reason` text NOT NULL,
	`assigned_by` text NOT NULL,
	`assigned_at` integer NOT NULL,
	`cancelled_at` integer,
	`cancelled_by` text,
	FOREIGN KEY (`official_id`) REFERENCES `officials`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assigned_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cancelled_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `assignments_active_unique` ON `assignments` (`official_id`,`course_id`) WHERE cancelled_at is null;--> statement-breakpoint
CREATE INDEX `assignments_unit_idx` ON `assignments` (`unit_id`,`deadline`);--> statement-breakpoint
CREATE INDEX `assignments_course_idx` ON `assignments` (`course_id`,`deadline`);--> statement-breakpoint
CREATE INDEX `assignments_official_idx` ON `assignments` (`official_id`);--> statement-breakpoint
CREATE TABLE `course_feedback` (
	`user_id` text NOT NULL,
	`course_id` text NOT NULL,
	`satisfaction` integer NOT NULL,
	`usefulness` integer NOT NULL,
	`self_assessed` integer NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`submitted_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `course_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `effectiveness_evaluations` (
	`user_id` text NOT NULL,
	`course_id` text NOT NULL,
	`official_id` text,
	`unit_id` text,
	`task_results` integer NOT NULL,
	`advice_quality` integer NOT NULL,
	`responsibility` integer NOT NULL,
	`coordination` integer NOT NULL,
	`citizen_satisfaction` integer NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`evaluated_by` text NOT NULL,
	`evaluated_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `course_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`evaluated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `effectiveness_evaluations_unit_idx` ON `effectiveness_evaluations` (`unit_id`);--> statement-breakpoint
CREATE TABLE `class_attendances` (
	`class_id` text NOT NULL,
	`official_id` text NOT NULL,
	`result` text NOT NULL,
	`score` real,
	`certificate_number` text,
	`recorded_by` text,
	`recorded_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`class_id`, `official_id`),
	FOREIGN KEY (`class_id`) REFERENCES `training_classes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`official_id`) REFERENCES `officials`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `class_attendances_official_idx` ON `class_attendances` (`official_id`);--> statement-breakpoint
CREATE TABLE `training_classes` (
	`id` text PRIMARY KEY NOT NULL,
	`unit_id` text NOT NULL,
	`kind` text NOT NULL,
	`content` text NOT NULL,
	`method` text NOT NULL,
	`starts_on` text NOT NULL,
	`ends_on` text NOT NULL,
	`hours` real NOT NULL,
	`place` text NOT NULL,
	`organiser` text NOT NULL,
	`funding` text NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `training_classes_unit_idx` ON `training_classes` (`unit_id`,`starts_on`);--> statement-breakpoint
CREATE TABLE `training_plan_items` (
	`plan_id` text NOT NULL,
	`position` integer NOT NULL,
	`content` text NOT NULL,
	`audience` text NOT NULL,
	`class_count` integer NOT NULL,
	`people_count` integer NOT NULL,
	`duration` text NOT NULL,
	`place` text NOT NULL,
	`fund_province` real DEFAULT 0 NOT NULL,
	`fund_central` real DEFAULT 0 NOT NULL,
	`fund_scheme` real DEFAULT 0 NOT NULL,
	`fund_other` real DEFAULT 0 NOT NULL,
	`organiser` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	PRIMARY KEY(`plan_id`, `position`),
	FOREIGN KEY (`plan_id`) REFERENCES `training_plans`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `training_plans` (
	`id` text PRIMARY KEY NOT NULL,
	`unit_id` text NOT NULL,
	`span` text NOT NULL,
	`period` text NOT NULL,
	`title` text NOT NULL,
	`updated_by` text,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `training_plans_unit_period_idx` ON `training_plans` (`unit_id`,`period`);--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`display_prefix` text NOT NULL,
	`unit_id` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	`revoked_by` text,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`revoked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `api_tokens_unit_idx` ON `api_tokens` (`unit_id`);--> statement-breakpoint
CREATE TABLE `xapi_outbox` (
	`statement_id` text PRIMARY KEY NOT NULL,
	`fact_kind` text NOT NULL,
	`statement` text NOT NULL,
	`unit_path` text,
	`created_at` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`delivered_at` integer
);
--> statement-breakpoint
CREATE INDEX `xapi_outbox_due_idx` ON `xapi_outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `xapi_outbox_unit_idx` ON `xapi_outbox` (`unit_path`,`created_at`);