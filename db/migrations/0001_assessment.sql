CREATE TABLE `quiz_answers` (
	`attempt_id` text NOT NULL,
	`question_id` text NOT NULL,
	`answer` text NOT NULL,
	`saved_at` integer NOT NULL,
	PRIMARY KEY(`attempt_id`, `question_id`),
	FOREIGN KEY (`attempt_id`) REFERENCES `quiz_attempts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `quiz_attempts` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`course_id` text NOT NULL,
	`quiz_id` text NOT NULL,
	`attempt_number` integer NOT NULL,
	`quiz_version` text NOT NULL,
	`final` integer NOT NULL,
	`pass_percent` real NOT NULL,
	`drawn` text NOT NULL,
	`questions` text NOT NULL,
	`status` text NOT NULL,
	`started_at` integer NOT NULL,
	`deadline_at` integer,
	`submitted_at` integer,
	`earned` real,
	`max_points` real,
	`percent` real,
	`passed` integer,
	`grade` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `quiz_attempts_number_unique` ON `quiz_attempts` (`user_id`,`quiz_id`,`attempt_number`);--> statement-breakpoint
CREATE UNIQUE INDEX `quiz_attempts_open_unique` ON `quiz_attempts` (`user_id`,`quiz_id`) WHERE status = 'in_progress';--> statement-breakpoint
CREATE INDEX `quiz_attempts_deadline_idx` ON `quiz_attempts` (`status`,`deadline_at`);--> statement-breakpoint
CREATE INDEX `quiz_attempts_quiz_idx` ON `quiz_attempts` (`quiz_id`,`status`);--> statement-breakpoint
CREATE TABLE `certificates` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`user_id` text NOT NULL,
	`course_id` text NOT NULL,
	`official_id` text,
	`staff_code` text,
	`full_name` text NOT NULL,
	`unit_id` text,
	`unit_name` text,
	`unit_path` text,
	`course_title` text NOT NULL,
	`training_kind` text NOT NULL,
	`hours` real NOT NULL,
	`completed_at` integer NOT NULL,
	`score_percent` real,
	`course_version` text NOT NULL,
	`issuer` text NOT NULL,
	`issued_at` integer NOT NULL,
	`revoked_at` integer,
	`revoked_by` text,
	`revoke_reason` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`revoked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_code_unique` ON `certificates` (`code`);--> statement-breakpoint
CREATE INDEX `certificates_user_idx` ON `certificates` (`user_id`,`course_id`);--> statement-breakpoint
CREATE INDEX `certificates_unit_idx` ON `certificates` (`unit_path`);--> statement-breakpoint
CREATE TABLE `course_completions` (
	`user_id` text NOT NULL,
	`course_id` text NOT NULL,
	`official_id` text,
	`unit_id` text,
	`completed_at` integer NOT NULL,
	`score_percent` real,
	`final_attempt_id` text,
	`course_version` text NOT NULL,
	PRIMARY KEY(`user_id`, `course_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `course_completions_course_idx` ON `course_completions` (`course_id`,`completed_at`);--> statement-breakpoint
CREATE TABLE `h5p_packages` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`main_library` text NOT NULL,
	`sha256` text NOT NULL,
	`file_count` integer NOT NULL,
	`inflated_bytes` integer NOT NULL,
	`imported_by` text,
	`imported_at` integer NOT NULL,
	FOREIGN KEY (`imported_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `h5p_results` (
	`user_id` text NOT NULL,
	`package_id` text NOT NULL,
	`course_id` text,
	`lesson_id` text,
	`statements` integer NOT NULL,
	`last_raw` real,
	`last_max` real,
	`best_scaled` real,
	`completed_at` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `package_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `h5p_results_package_idx` ON `h5p_results` (`package_id`);