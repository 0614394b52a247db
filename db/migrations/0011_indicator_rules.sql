ALTER TABLE `training_classes` ADD `field` text;--> statement-breakpoint
CREATE TABLE `indicator_targets` (
	`province_id` text NOT NULL,
	`indicator` text NOT NULL,
	`period_key` text NOT NULL,
	`percent` real NOT NULL,
	`source` text NOT NULL,
	`updated_by` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`province_id`, `indicator`, `period_key`),
	FOREIGN KEY (`province_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
