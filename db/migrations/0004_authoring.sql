CREATE TABLE `course_drafts` (
	`id` text PRIMARY KEY NOT NULL,
	`course_id` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`files` text NOT NULL,
	`media` text DEFAULT '[]' NOT NULL,
	`base_version` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`submitted_at` integer,
	`review_comment` text,
	`reviewed_by` text,
	`reviewed_at` integer,
	`published_version` integer,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reviewed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `course_drafts_course_idx` ON `course_drafts` (`course_id`,`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `course_drafts_open_unique` ON `course_drafts` (`course_id`) WHERE status in ('draft', 'submitted', 'returned');--> statement-breakpoint
CREATE TABLE `course_publications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`course_id` text NOT NULL,
	`version_number` integer NOT NULL,
	`content_hash` text NOT NULL,
	`draft_id` text,
	`published_by` text,
	`published_at` integer NOT NULL,
	`build_id` text,
	FOREIGN KEY (`draft_id`) REFERENCES `course_drafts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`published_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `course_publications_number_unique` ON `course_publications` (`course_id`,`version_number`);--> statement-breakpoint
CREATE INDEX `course_publications_hash_idx` ON `course_publications` (`course_id`,`content_hash`);--> statement-breakpoint
CREATE TABLE `course_staff` (
	`course_id` text NOT NULL,
	`user_id` text NOT NULL,
	`added_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`course_id`, `user_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `course_staff_user_idx` ON `course_staff` (`user_id`);--> statement-breakpoint
CREATE TABLE `draft_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`draft_id` text NOT NULL,
	`action` text NOT NULL,
	`user_id` text,
	`comment` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`draft_id`) REFERENCES `course_drafts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `draft_events_draft_idx` ON `draft_events` (`draft_id`,`at`);--> statement-breakpoint
CREATE TABLE `publish_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`draft_id` text NOT NULL,
	`course_id` text NOT NULL,
	`requested_by` text NOT NULL,
	`status` text NOT NULL,
	`step` text,
	`percent` integer DEFAULT 0 NOT NULL,
	`problems` text,
	`failure` text,
	`build_id` text,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	FOREIGN KEY (`draft_id`) REFERENCES `course_drafts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `publish_jobs_status_idx` ON `publish_jobs` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `publish_jobs_draft_idx` ON `publish_jobs` (`draft_id`);--> statement-breakpoint
ALTER TABLE `training_classes` ADD `instructor_user_id` text REFERENCES users(id);