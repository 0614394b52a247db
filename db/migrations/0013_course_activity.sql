CREATE TABLE `course_activity` (
	`user_id` text NOT NULL,
	`course_id` text NOT NULL,
	`last_event_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `course_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `course_activity` (`user_id`, `course_id`, `last_event_at`) SELECT `user_id`, `course_id`, max(`received_at`) FROM `progress_events` GROUP BY `user_id`, `course_id`;
