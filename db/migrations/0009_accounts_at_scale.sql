CREATE TABLE `unit_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` text NOT NULL,
	`kind` text NOT NULL,
	`effective_on` text NOT NULL,
	`old_value` text,
	`new_value` text,
	`related_unit_ids` text,
	`reason` text,
	`changed_by` text,
	`changed_at` integer NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `unit_changes_unit_idx` ON `unit_changes` (`unit_id`,`effective_on`);--> statement-breakpoint
CREATE TABLE `unit_imports` (
	`id` text PRIMARY KEY NOT NULL,
	`created_by` text NOT NULL,
	`scope_unit_id` text,
	`file_name` text NOT NULL,
	`status` text NOT NULL,
	`rows` text NOT NULL,
	`problems` text NOT NULL,
	`created_at` integer NOT NULL,
	`committed_at` integer
);
--> statement-breakpoint
CREATE TABLE `activation_codes` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`code_hash` text NOT NULL,
	`batch_id` text,
	`issued_by` text,
	`issued_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `activation_codes_code_hash_unique` ON `activation_codes` (`code_hash`);--> statement-breakpoint
CREATE INDEX `activation_codes_user_idx` ON `activation_codes` (`user_id`);--> statement-breakpoint
CREATE TABLE `password_reset_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `password_reset_tokens_token_hash_unique` ON `password_reset_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `password_reset_tokens_user_idx` ON `password_reset_tokens` (`user_id`);--> statement-breakpoint
CREATE TABLE `sso_providers` (
	`id` text PRIMARY KEY NOT NULL,
	`unit_id` text NOT NULL,
	`display_name` text NOT NULL,
	`issuer` text NOT NULL,
	`client_id` text NOT NULL,
	`client_secret` text NOT NULL,
	`link_by` text NOT NULL,
	`claim_name` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sso_providers_unit_id_unique` ON `sso_providers` (`unit_id`);--> statement-breakpoint
CREATE TABLE `user_identities` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`provider_id` text NOT NULL,
	`subject` text NOT NULL,
	`user_id` text NOT NULL,
	`linked_at` integer NOT NULL,
	FOREIGN KEY (`provider_id`) REFERENCES `sso_providers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `user_identities_subject_unique` ON `user_identities` (`provider_id`,`subject`);--> statement-breakpoint
CREATE INDEX `user_identities_user_idx` ON `user_identities` (`user_id`);--> statement-breakpoint
ALTER TABLE `units` ADD `valid_from` text;--> statement-breakpoint
ALTER TABLE `units` ADD `retired_on` text;--> statement-breakpoint
ALTER TABLE `units` ADD `successor_id` text REFERENCES units(id);--> statement-breakpoint
ALTER TABLE `officials` ADD `email` text;--> statement-breakpoint
ALTER TABLE `officials` ADD `national_id` text;--> statement-breakpoint
CREATE INDEX `officials_email_idx` ON `officials` (`email`);--> statement-breakpoint
CREATE INDEX `officials_national_id_idx` ON `officials` (`national_id`);--> statement-breakpoint
ALTER TABLE `role_grants` ADD `course_slugs` text;--> statement-breakpoint
ALTER TABLE `role_grants` ADD `fields` text;--> statement-breakpoint
ALTER TABLE `role_grants` ADD `granted_by` text;--> statement-breakpoint
ALTER TABLE `role_grants` ADD `granted_at` integer;--> statement-breakpoint
ALTER TABLE `role_grants` ADD `reason` text;--> statement-breakpoint
ALTER TABLE `users` ADD `email` text;