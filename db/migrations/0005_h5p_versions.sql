CREATE TABLE `h5p_package_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`package_id` text NOT NULL,
	`version_number` integer NOT NULL,
	`sha256` text NOT NULL,
	`folder` text NOT NULL,
	`title` text NOT NULL,
	`main_library` text NOT NULL,
	`file_count` integer NOT NULL,
	`inflated_bytes` integer NOT NULL,
	`status` text NOT NULL,
	`imported_by` text,
	`imported_at` integer NOT NULL,
	`scope` text DEFAULT 'national' NOT NULL,
	`scope_unit_id` text,
	`reviewed_by` text,
	`reviewed_at` integer,
	`review_comment` text,
	`superseded_at` integer,
	`files_removed_at` integer,
	FOREIGN KEY (`imported_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`scope_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reviewed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `h5p_package_versions_number_unique` ON `h5p_package_versions` (`package_id`,`version_number`);--> statement-breakpoint
CREATE UNIQUE INDEX `h5p_package_versions_live_unique` ON `h5p_package_versions` (`package_id`) WHERE status = 'live';--> statement-breakpoint
CREATE INDEX `h5p_package_versions_status_idx` ON `h5p_package_versions` (`status`,`superseded_at`);--> statement-breakpoint
ALTER TABLE `h5p_packages` ADD `owner_id` text REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `h5p_packages` ADD `scope` text DEFAULT 'national' NOT NULL;--> statement-breakpoint
ALTER TABLE `h5p_packages` ADD `scope_unit_id` text REFERENCES units(id);--> statement-breakpoint
-- Existing packages: the importer becomes the owner, with the scope their roles give (as import-package.ts decides it).
UPDATE `h5p_packages` SET `owner_id` = `imported_by`;--> statement-breakpoint
UPDATE `h5p_packages` SET `scope` = 'unit', `scope_unit_id` = (
	SELECT `g`.`unit_id` FROM `role_grants` `g`
	WHERE `g`.`user_id` = `h5p_packages`.`imported_by` AND `g`.`role` IN ('commune_admin', 'province_admin') AND `g`.`unit_id` IS NOT NULL
	ORDER BY `g`.`id` LIMIT 1
)
WHERE `imported_by` IS NOT NULL
	AND NOT EXISTS (SELECT 1 FROM `role_grants` `r` WHERE `r`.`user_id` = `h5p_packages`.`imported_by` AND `r`.`role` IN ('content_reviewer', 'system_admin'))
	AND EXISTS (SELECT 1 FROM `role_grants` `a` WHERE `a`.`user_id` = `h5p_packages`.`imported_by` AND `a`.`role` IN ('commune_admin', 'province_admin') AND `a`.`unit_id` IS NOT NULL);--> statement-breakpoint
UPDATE `h5p_packages` SET `scope` = 'instructor'
WHERE `imported_by` IS NOT NULL AND `scope` = 'national'
	AND NOT EXISTS (SELECT 1 FROM `role_grants` `r` WHERE `r`.`user_id` = `h5p_packages`.`imported_by` AND `r`.`role` IN ('content_reviewer', 'system_admin'));--> statement-breakpoint
-- Each existing package's current files become its live version 1.
INSERT INTO `h5p_package_versions` (`package_id`, `version_number`, `sha256`, `folder`, `title`, `main_library`, `file_count`, `inflated_bytes`, `status`, `imported_by`, `imported_at`, `scope`, `scope_unit_id`)
SELECT `id`, 1, `sha256`, substr(`sha256`, 1, 16), `title`, `main_library`, `file_count`, `inflated_bytes`, 'live', `imported_by`, `imported_at`, `scope`, `scope_unit_id` FROM `h5p_packages`;
