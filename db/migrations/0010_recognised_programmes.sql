CREATE TABLE `recognised_programmes` (
	`course_id` text PRIMARY KEY NOT NULL,
	`programme_name` text NOT NULL,
	`decision_number` text NOT NULL,
	`decision_date` text NOT NULL,
	`issuer` text NOT NULL,
	`programme_hours` real NOT NULL,
	`online_hours` real NOT NULL,
	`illustrative` integer DEFAULT false NOT NULL,
	`recorded_by` text,
	`recorded_at` integer NOT NULL,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `certificates` ADD `hours_basis` text;--> statement-breakpoint
ALTER TABLE `certificates` ADD `sample` integer DEFAULT false NOT NULL;