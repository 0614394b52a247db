ALTER TABLE `users` ADD `temporary_password_expires_at` integer;--> statement-breakpoint
-- Temporary passwords issued before expiry existed get seven days from the upgrade (ASVS 6.4.1).
UPDATE `users` SET `temporary_password_expires_at` = CAST(unixepoch('subsec') * 1000 AS INTEGER) + 604800000 WHERE `must_change_password` = 1;
