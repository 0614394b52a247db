CREATE TABLE `upload_slots` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `upload_slots_user_idx` ON `upload_slots` (`user_id`);--> statement-breakpoint
CREATE INDEX `upload_slots_expires_idx` ON `upload_slots` (`expires_at`);--> statement-breakpoint
ALTER TABLE `sessions` ADD `password_confirmed_at` integer;--> statement-breakpoint
ALTER TABLE `api_tokens` ADD `expires_at` integer;--> statement-breakpoint
ALTER TABLE `api_tokens` ADD `revoked_reason` text;--> statement-breakpoint
UPDATE `api_tokens` SET `expires_at` = `created_at` + 31536000000 WHERE `expires_at` IS NULL;