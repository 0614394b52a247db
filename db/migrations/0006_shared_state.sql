CREATE TABLE `import_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`state` text NOT NULL,
	`step` text NOT NULL,
	`done` integer NOT NULL,
	`total` integer NOT NULL,
	`redirect_to` text,
	`error_status` integer,
	`error_message` text,
	`heartbeat_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `import_jobs_state_idx` ON `import_jobs` (`state`,`user_id`);--> statement-breakpoint
CREATE TABLE `lease_locks` (
	`name` text PRIMARY KEY NOT NULL,
	`holder` text NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `rate_limit_buckets` (
	`scope` text NOT NULL,
	`key` text NOT NULL,
	`tokens` real NOT NULL,
	`allowed` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`scope`, `key`)
);
--> statement-breakpoint
CREATE INDEX `rate_limit_buckets_updated_idx` ON `rate_limit_buckets` (`updated_at`);--> statement-breakpoint
CREATE TABLE `session_revocations` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text,
	`user_id` text,
	`revoked_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `session_revocations_at_idx` ON `session_revocations` (`revoked_at`);