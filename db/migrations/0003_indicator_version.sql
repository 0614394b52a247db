-- The indicators' data version: one number that every write to a table the Decision 700
-- indicators read moves on, in the same transaction as the write (triggers, so no write path
-- can forget it). The dashboard caches its figures per (unit, period, version); a server reading
-- a new version recomputes. Works across instances: the number lives in the database.
CREATE TABLE `indicator_data_version` (
	`id` integer PRIMARY KEY NOT NULL CHECK (`id` = 1),
	`version` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `indicator_data_version` (`id`, `version`) VALUES (1, 0);
--> statement-breakpoint
CREATE TRIGGER `units_insert_indicator_version` AFTER INSERT ON `units` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `units_update_indicator_version` AFTER UPDATE ON `units` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `units_delete_indicator_version` AFTER DELETE ON `units` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `officials_insert_indicator_version` AFTER INSERT ON `officials` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `officials_update_indicator_version` AFTER UPDATE ON `officials` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `officials_delete_indicator_version` AFTER DELETE ON `officials` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `official_changes_insert_indicator_version` AFTER INSERT ON `official_changes` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `official_changes_update_indicator_version` AFTER UPDATE ON `official_changes` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `official_changes_delete_indicator_version` AFTER DELETE ON `official_changes` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `course_completions_insert_indicator_version` AFTER INSERT ON `course_completions` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `course_completions_update_indicator_version` AFTER UPDATE ON `course_completions` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `course_completions_delete_indicator_version` AFTER DELETE ON `course_completions` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `certificates_insert_indicator_version` AFTER INSERT ON `certificates` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `certificates_update_indicator_version` AFTER UPDATE ON `certificates` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `certificates_delete_indicator_version` AFTER DELETE ON `certificates` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `assignments_insert_indicator_version` AFTER INSERT ON `assignments` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `assignments_update_indicator_version` AFTER UPDATE ON `assignments` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `assignments_delete_indicator_version` AFTER DELETE ON `assignments` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `training_classes_insert_indicator_version` AFTER INSERT ON `training_classes` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `training_classes_update_indicator_version` AFTER UPDATE ON `training_classes` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `training_classes_delete_indicator_version` AFTER DELETE ON `training_classes` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `class_attendances_insert_indicator_version` AFTER INSERT ON `class_attendances` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `class_attendances_update_indicator_version` AFTER UPDATE ON `class_attendances` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `class_attendances_delete_indicator_version` AFTER DELETE ON `class_attendances` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `effectiveness_evaluations_insert_indicator_version` AFTER INSERT ON `effectiveness_evaluations` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `effectiveness_evaluations_update_indicator_version` AFTER UPDATE ON `effectiveness_evaluations` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `effectiveness_evaluations_delete_indicator_version` AFTER DELETE ON `effectiveness_evaluations` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `users_official_indicator_version` AFTER UPDATE OF `official_id` ON `users` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `users_insert_indicator_version` AFTER INSERT ON `users` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `quiz_attempts_graded_indicator_version` AFTER UPDATE OF `passed` ON `quiz_attempts` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `quiz_attempts_insert_indicator_version` AFTER INSERT ON `quiz_attempts` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `quiz_attempts_delete_indicator_version` AFTER DELETE ON `quiz_attempts` BEGIN UPDATE `indicator_data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
