-- Per-official indicator facts (src/lib/server/indicators/facts-store.ts): for each official and
-- each stored period (src/lib/indicators/period.ts storedPeriods), their unit at the period's end
-- and the fact bits (src/lib/indicators/fact-bits.ts). Dashboards sum these instead of
-- recomputing from events. Triggers on every table the rules read mark the officials a write
-- touches dirty IN THE WRITE'S TRANSACTION (no write path can forget), and the write's own
-- transaction then brings their facts up to date (db/serialized-writes.ts write hook) and clears
-- the marks. Each province (root unit) has its own data version for the figures caches, so a
-- write in one province leaves every other province's cached figures valid.
-- The global version of 0003 stops moving: its triggers go (its table stays, unread, so an
-- upgraded database keeps every row it had).
DROP TRIGGER IF EXISTS `units_insert_indicator_version`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `units_update_indicator_version`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `units_delete_indicator_version`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `officials_insert_indicator_version`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `officials_update_indicator_version`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `officials_delete_indicator_version`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `official_changes_insert_indicator_version`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `official_changes_update_indicator_version`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `official_changes_delete_indicator_version`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `course_completions_insert_indicator_version`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `course_completions_update_indicator_version`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `course_completions_delete_indicator_version`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `certificates_insert_indicator_version`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `certificates_update_indicator_version`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `certificates_delete_indicator_version`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `assignments_insert_indicator_version`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `assignments_update_indicator_version`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `assignments_delete_indicator_version`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `training_classes_insert_indicator_version`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `training_classes_update_indicator_version`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `training_classes_delete_indicator_version`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `class_attendances_insert_indicator_version`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `class_attendances_update_indicator_version`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `class_attendances_delete_indicator_version`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `effectiveness_evaluations_insert_indicator_version`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `effectiveness_evaluations_update_indicator_version`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `effectiveness_evaluations_delete_indicator_version`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `quiz_attempts_insert_indicator_version`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `quiz_attempts_update_indicator_version`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `quiz_attempts_delete_indicator_version`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `users_official_indicator_version`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `users_insert_indicator_version`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `quiz_attempts_graded_indicator_version`;
--> statement-breakpoint
CREATE TABLE `official_facts` (
	`official_id` text NOT NULL,
	`period` text NOT NULL,
	`unit_id` text NOT NULL,
	`bits` integer NOT NULL,
	PRIMARY KEY (`official_id`, `period`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `official_facts_period_unit_idx` ON `official_facts` (`period`, `unit_id`, `bits`);
--> statement-breakpoint
-- Revoked certificates are few: the dashboard starts from them.
CREATE INDEX `certificates_revoked_idx` ON `certificates` (`revoked_at`) WHERE `revoked_at` IS NOT NULL;
--> statement-breakpoint
-- The dashboard's other figures per counted official, period and course (the unit at the period's
-- end leads the key, so a subtree is a few range scans): the counted completion (not revoked; any
-- time, for evaluations due), whether it was evaluated, and the final attempts in the period.
CREATE TABLE `official_figures` (
	`period` text NOT NULL,
	`unit_id` text NOT NULL,
	`official_id` text NOT NULL,
	`course_id` text NOT NULL,
	`completed_at` integer,
	`score_percent` real,
	`evaluated` integer NOT NULL,
	`attempts` integer NOT NULL,
	`passed` integer NOT NULL,
	PRIMARY KEY (`period`, `unit_id`, `official_id`, `course_id`)
) WITHOUT ROWID;
--> statement-breakpoint
-- Unevaluated completions by time, for "evaluations due" (three months after completion).
CREATE INDEX `official_figures_due_idx` ON `official_figures` (`period`, `unit_id`, `completed_at`) WHERE `evaluated` = 0 AND `completed_at` IS NOT NULL;
--> statement-breakpoint
-- official_figures summed per unit (rebuilt for the units a refresh touches): what a dashboard
-- reads, a few rows per unit. Per course: completions in the period, their scores and evaluations,
-- final attempts and passes; per month (Vietnam time): completions in the period.
CREATE TABLE `unit_course_figures` (
	`period` text NOT NULL,
	`unit_id` text NOT NULL,
	`course_id` text NOT NULL,
	`completions` integer NOT NULL,
	`score_sum` real,
	`score_count` integer NOT NULL,
	`evaluated` integer NOT NULL,
	`attempts` integer NOT NULL,
	`passed` integer NOT NULL,
	PRIMARY KEY (`period`, `unit_id`, `course_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `unit_month_figures` (
	`period` text NOT NULL,
	`unit_id` text NOT NULL,
	`month` text NOT NULL,
	`completions` integer NOT NULL,
	PRIMARY KEY (`period`, `unit_id`, `month`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `official_facts_dirty` (
	`official_id` text PRIMARY KEY NOT NULL
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `indicator_province_version` (
	`province_id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL
) WITHOUT ROWID;
--> statement-breakpoint
-- What the stored facts were computed with (course kinds, periods, as JSON); null until the
-- first build. A server whose content differs rebuilds every official's facts (first start).
CREATE TABLE `indicator_facts_state` (
	`id` integer PRIMARY KEY NOT NULL CHECK (`id` = 1),
	`basis` text
);
--> statement-breakpoint
INSERT INTO `indicator_facts_state` (`id`, `basis`) VALUES (1, NULL);
--> statement-breakpoint
INSERT INTO `official_facts_dirty` (`official_id`) SELECT `id` FROM `officials`;
--> statement-breakpoint
CREATE TRIGGER `officials_insert_facts` AFTER INSERT ON `officials` BEGIN INSERT OR IGNORE INTO official_facts_dirty (official_id) SELECT NEW.id WHERE NEW.id IS NOT NULL; INSERT INTO indicator_province_version (province_id, version) SELECT p, 1 FROM (SELECT (SELECT substr(path, 2, instr(substr(path, 2), '/') - 1) FROM units WHERE id = NEW.unit_id) AS p) WHERE p IS NOT NULL ON CONFLICT (province_id) DO UPDATE SET version = version + 1; END;
--> statement-breakpoint
CREATE TRIGGER `officials_update_facts` AFTER UPDATE ON `officials` BEGIN INSERT OR IGNORE INTO official_facts_dirty (official_id) SELECT NEW.id WHERE NEW.id IS NOT NULL; INSERT OR IGNORE INTO official_facts_dirty (official_id) SELECT OLD.id WHERE OLD.id IS NOT NULL; INSERT INTO indicator_province_version (province_id, version) SELECT p, 1 FROM (SELECT (SELECT substr(path, 2, instr(substr(path, 2), '/') - 1) FROM units WHERE id = OLD.unit_id) AS p) WHERE p IS NOT NULL ON CONFLICT (province_id) DO UPDATE SET version = version + 1; INSERT INTO indicator_province_version (province_id, version) SELECT p, 1 FROM (SELECT (SELECT substr(path, 2, instr(substr(path, 2), '/') - 1) FROM units WHERE id = NEW.unit_id) AS p) WHERE p IS NOT NULL ON CONFLICT (province_id) DO UPDATE SET version = version + 1; END;
--> statement-breakpoint
CREATE TRIGGER `officials_delete_facts` AFTER DELETE ON `officials` BEGIN INSERT OR IGNORE INTO official_facts_dirty (official_id) SELECT OLD.id WHERE OLD.id IS NOT NULL; INSERT INTO indicator_province_version (province_id, version) SELECT p, 1 FROM (SELECT (SELECT substr(path, 2, instr(substr(path, 2), '/') - 1) FROM units WHERE id = OLD.unit_id) AS p) WHERE p IS NOT NULL ON CONFLICT (province_id) DO UPDATE SET version = version + 1; END;
--> statement-breakpoint
CREATE TRIGGER `official_changes_insert_facts` AFTER INSERT ON `official_changes` BEGIN INSERT OR IGNORE INTO official_facts_dirty (official_id) SELECT NEW.official_id WHERE NEW.official_id IS NOT NULL; INSERT INTO indicator_province_version (province_id, version) SELECT p, 1 FROM (SELECT (SELECT substr(un.path, 2, instr(substr(un.path, 2), '/') - 1) FROM officials o JOIN units un ON un.id = o.unit_id WHERE o.id = NEW.official_id) AS p) WHERE p IS NOT NULL ON CONFLICT (province_id) DO UPDATE SET version = version + 1; END;
--> statement-breakpoint
CREATE TRIGGER `course_completions_insert_facts` AFTER INSERT ON `course_completions` BEGIN INSERT OR IGNORE INTO official_facts_dirty (official_id) SELECT (SELECT official_id FROM users WHERE id = NEW.user_id) WHERE (SELECT official_id FROM users WHERE id = NEW.user_id) IS NOT NULL; INSERT INTO indicator_province_version (province_id, version) SELECT p, 1 FROM (SELECT (SELECT substr(un.path, 2, instr(substr(un.path, 2), '/') - 1) FROM officials o JOIN units un ON un.id = o.unit_id WHERE o.id = (SELECT official_id FROM users WHERE id = NEW.user_id)) AS p) WHERE p IS NOT NULL ON CONFLICT (province_id) DO UPDATE SET version = version + 1; END;
--> statement-breakpoint
CREATE TRIGGER `certificates_insert_facts` AFTER INSERT ON `certificates` BEGIN INSERT OR IGNORE INTO official_facts_dirty (official_id) SELECT (SELECT official_id FROM users WHERE id = NEW.user_id) WHERE (SELECT official_id FROM users WHERE id = NEW.user_id) IS NOT NULL; INSERT INTO indicator_province_version (province_id, version) SELECT p, 1 FROM (SELECT (SELECT substr(un.path, 2, instr(substr(un.path, 2), '/') - 1) FROM officials o JOIN units un ON un.id = o.unit_id WHERE o.id = (SELECT official_id FROM users WHERE id = NEW.user_id)) AS p) WHERE p IS NOT NULL ON CONFLICT (province_id) DO UPDATE SET version = version + 1; END;
--> statement-breakpoint
CREATE TRIGGER `assignments_insert_facts` AFTER INSERT ON `assignments` BEGIN INSERT OR IGNORE INTO official_facts_dirty (official_id) SELECT NEW.official_id WHERE NEW.official_id IS NOT NULL; INSERT INTO indicator_province_version (province_id, version) SELECT p, 1 FROM (SELECT (SELECT substr(un.path, 2, instr(substr(un.path, 2), '/') - 1) FROM officials o JOIN units un ON un.id = o.unit_id WHERE o.id = NEW.official_id) AS p) WHERE p IS NOT NULL ON CONFLICT (province_id) DO UPDATE SET version = version + 1; END;
--> statement-breakpoint
CREATE TRIGGER `class_attendances_insert_facts` AFTER INSERT ON `class_attendances` BEGIN INSERT OR IGNORE INTO official_facts_dirty (official_id) SELECT NEW.official_id WHERE NEW.official_id IS NOT NULL; INSERT INTO indicator_province_version (province_id, version) SELECT p, 1 FROM (SELECT (SELECT substr(un.path, 2, instr(substr(un.path, 2), '/') - 1) FROM officials o JOIN units un ON un.id = o.unit_id WHERE o.id = NEW.official_id) AS p) WHERE p IS NOT NULL ON CONFLICT (province_id) DO UPDATE SET version = version + 1; END;
--> statement-breakpoint
CREATE TRIGGER `effectiveness_evaluations_insert_facts` AFTER INSERT ON `effectiveness_evaluations` BEGIN INSERT OR IGNORE INTO official_facts_dirty (official_id) SELECT (SELECT official_id FROM users WHERE id = NEW.user_id) WHERE (SELECT official_id FROM users WHERE id = NEW.user_id) IS NOT NULL; INSERT INTO indicator_province_version (province_id, version) SELECT p, 1 FROM (SELECT (SELECT substr(un.path, 2, instr(substr(un.path, 2), '/') - 1) FROM officials o JOIN units un ON un.id = o.unit_id WHERE o.id = (SELECT official_id FROM users WHERE id = NEW.user_id)) AS p) WHERE p IS NOT NULL ON CONFLICT (province_id) DO UPDATE SET version = version + 1; END;
--> statement-breakpoint
CREATE TRIGGER `quiz_attempts_insert_facts` AFTER INSERT ON `quiz_attempts` WHEN NEW.`final` = 1 AND NEW.`submitted_at` IS NOT NULL BEGIN INSERT OR IGNORE INTO official_facts_dirty (official_id) SELECT (SELECT official_id FROM users WHERE id = NEW.user_id) WHERE (SELECT official_id FROM users WHERE id = NEW.user_id) IS NOT NULL; INSERT INTO indicator_province_version (province_id, version) SELECT p, 1 FROM (SELECT (SELECT substr(un.path, 2, instr(substr(un.path, 2), '/') - 1) FROM officials o JOIN units un ON un.id = o.unit_id WHERE o.id = (SELECT official_id FROM users WHERE id = NEW.user_id)) AS p) WHERE p IS NOT NULL ON CONFLICT (province_id) DO UPDATE SET version = version + 1; END;
--> statement-breakpoint
CREATE TRIGGER `official_changes_update_facts` AFTER UPDATE ON `official_changes` BEGIN INSERT OR IGNORE INTO official_facts_dirty (official_id) SELECT OLD.official_id WHERE OLD.official_id IS NOT NULL; INSERT INTO indicator_province_version (province_id, version) SELECT p, 1 FROM (SELECT (SELECT substr(un.path, 2, instr(substr(un.path, 2), '/') - 1) FROM officials o JOIN units un ON un.id = o.unit_id WHERE o.id = OLD.official_id) AS p) WHERE p IS NOT NULL ON CONFLICT (province_id) DO UPDATE SET version = version + 1; INSERT OR IGNORE INTO official_facts_dirty (official_id) SELECT NEW.official_id WHERE NEW.official_id IS NOT NULL; INSERT INTO indicator_province_version (province_id, version) SELECT p, 1 FROM (SELECT (SELECT substr(un.path, 2, instr(substr(un.path, 2), '/') - 1) FROM officials o JOIN units un ON un.id = o.unit_id WHERE o.id = NEW.official_id) AS p) WHERE p IS NOT NULL ON CONFLICT (province_id) DO UPDATE SET version = version + 1; END;
--> statement-breakpoint
CREATE TRIGGER `course_completions_update_facts` AFTER UPDATE ON `course_completions` BEGIN INSERT OR IGNORE INTO official_facts_dirty (official_id) SELECT (SELECT official_id FROM users WHERE id = OLD.user_id) WHERE (SELECT official_id FROM users WHERE id = OLD.user_id) IS NOT NULL; INSERT INTO indicator_province_version (province_id, version) SELECT p, 1 FROM (SELECT (SELECT substr(un.path, 2, instr(substr(un.path, 2), '/') - 1) FROM officials o JOIN units un ON un.id = o.unit_id WHERE o.id = (SELECT official_id FROM users WHERE id = OLD.user_id)) AS p) WHERE p IS NOT NULL ON CONFLICT (province_id) DO UPDATE SET version = version + 1; INSERT OR IGNORE INTO official_facts_dirty (official_id) SELECT (SELECT official_id FROM users WHERE id = NEW.user_id) WHERE (SELECT official_id FROM users WHERE id = NEW.user_id) IS NOT NULL; INSERT INTO indicator_province_version (province_id, version) SELECT p, 1 FROM (SELECT (SELECT substr(un.path, 2, instr(substr(un.path, 2), '/') - 1) FROM officials o JOIN units un ON un.id = o.unit_id WHERE o.id = (SELECT official_id FROM users WHERE id = NEW.user_id)) AS p) WHERE p IS NOT NULL ON CONFLICT (province_id) DO UPDATE SET version = version + 1; END;
--> statement-breakpoint
CREATE TRIGGER `certificates_update_facts` AFTER UPDATE ON `certificates` BEGIN INSERT OR IGNORE INTO official_facts_dirty (official_id) SELECT (SELECT official_id FROM users WHERE id = OLD.user_id) WHERE (SELECT official_id FROM users WHERE id = OLD.user_id) IS NOT NULL; INSERT INTO indicator_province_version (province_id, version) SELECT p, 1 FROM (SELECT (SELECT substr(un.path, 2, instr(substr(un.path, 2), '/') - 1) FROM officials o JOIN units un ON un.id = o.unit_id WHERE o.id = (SELECT official_id FROM users WHERE id = OLD.user_id)) AS p) WHERE p IS NOT NULL ON CONFLICT (province_id) DO UPDATE SET version = version + 1; INSERT OR IGNORE INTO official_facts_dirty (official_id) SELECT (SELECT official_id FROM users WHERE id = NEW.user_id) WHERE (SELECT official_id FROM users WHERE id = NEW.user_id) IS NOT NULL; INSERT INTO indicator_province_version (province_id, version) SELECT p, 1 FROM (SELECT (SELECT substr(un.path, 2, instr(substr(un.path, 2), '/') - 1) FROM officials o JOIN units un ON un.id = o.unit_id WHERE o.id = (SELECT official_id FROM users WHERE id = NEW.user_id)) AS p) WHERE p IS NOT NULL ON CONFLICT (province_id) DO UPDATE SET version = version + 1; END;
--> statement-breakpoint
CREATE TRIGGER `assignments_update_facts` AFTER UPDATE ON `assignments` BEGIN INSERT OR IGNORE INTO official_facts_dirty (official_id) SELECT OLD.official_id WHERE OLD.official_id IS NOT NULL; INSERT INTO indicator_province_version (province_id, version) SELECT p, 1 FROM (SELECT (SELECT substr(un.path, 2, instr(substr(un.path, 2), '/') - 1) FROM officials o JOIN units un ON un.id = o.unit_id WHERE o.id = OLD.official_id) AS p) WHERE p IS NOT NULL ON CONFLICT (province_id) DO UPDATE SET version = version + 1; INSERT OR IGNORE INTO official_facts_dirty (official_id) SELECT NEW.official_id WHERE NEW.official_id IS NOT NULL; INSERT INTO indicator_province_version (province_id, version) SELECT p, 1 FROM (SELECT (SELECT substr(un.path, 2, instr(substr(un.path, 2), '/') - 1) FROM officials o JOIN units un ON un.id = o.unit_id WHERE o.id = NEW.official_id) AS p) WHERE p IS NOT NULL ON CONFLICT (province_id) DO UPDATE SET version = version + 1; END;
--> statement-breakpoint
CREATE TRIGGER `class_attendances_update_facts` AFTER UPDATE ON `class_attendances` BEGIN INSERT OR IGNORE INTO official_facts_dirty (official_id) SELECT OLD.official_id WHERE OLD.official_id IS NOT NULL; INSERT INTO indicator_province_version (province_id, version) SELECT p, 1 FROM (SELECT (SELECT substr(un.path, 2, instr(substr(un.path, 2), '/') - 1) FROM officials o JOIN units un ON un.id = o.unit_id WHERE o.id = OLD.official_id) AS p) WHERE p IS NOT NULL ON CONFLICT (province_id) DO UPDATE SET version = version + 1; INSERT OR IGNORE INTO official_facts_dirty (official_id) SELECT NEW.official_id WHERE NEW.official_id IS NOT NULL; INSERT INTO indicator_province_version (province_id, version) SELECT p, 1 FROM (SELECT (SELECT substr(un.path, 2, instr(substr(un.path, 2), '/') - 1) FROM officials o JOIN units un ON un.id = o.unit_id WHERE o.id = NEW.official_id) AS p) WHERE p IS NOT NULL ON CONFLICT (province_id) DO UPDATE SET version = version + 1; END;
--> statement-breakpoint
CREATE TRIGGER `effectiveness_evaluations_update_facts` AFTER UPDATE ON `effectiveness_evaluations` BEGIN INSERT OR IGNORE INTO official_facts_dirty (official_id) SELECT (SELECT official_id FROM users WHERE id = OLD.user_id) WHERE (SELECT official_id FROM users WHERE id = OLD.user_id) IS NOT NULL; INSERT OR IGNORE INTO official_facts_dirty (official_id) SELECT (SELECT official_id FROM users WHERE id = NEW.user_id) WHERE (SELECT official_id FROM users WHERE id = NEW.user_id) IS NOT NULL; INSERT INTO indicator_province_version (province_id, version) SELECT p, 1 FROM (SELECT (SELECT substr(un.path, 2, instr(substr(un.path, 2), '/') - 1) FROM officials o JOIN units un ON un.id = o.unit_id WHERE o.id = (SELECT official_id FROM users WHERE id = OLD.user_id)) AS p) WHERE p IS NOT NULL ON CONFLICT (province_id) DO UPDATE SET version = version + 1; INSERT INTO indicator_province_version (province_id, version) SELECT p, 1 FROM (SELECT (SELECT substr(un.path, 2, instr(substr(un.path, 2), '/') - 1) FROM officials o JOIN units un ON un.id = o.unit_id WHERE o.id = (SELECT official_id FROM users WHERE id = NEW.user_id)) AS p) WHERE p IS NOT NULL ON CONFLICT (province_id) DO UPDATE SET version = version + 1; END;
--> statement-breakpoint
CREATE TRIGGER `quiz_attempts_update_facts` AFTER UPDATE OF `passed`, `submitted_at`, `final` ON `quiz_attempts` BEGIN INSERT OR IGNORE INTO official_facts_dirty (official_id) SELECT (SELECT official_id FROM users WHERE id = OLD.user_id) WHERE (SELECT official_id FROM users WHERE id = OLD.user_id) IS NOT NULL; INSERT OR IGNORE INTO official_facts_dirty (official_id) SELECT (SELECT official_id FROM users WHERE id = NEW.user_id) WHERE (SELECT official_id FROM users WHERE id = NEW.user_id) IS NOT NULL; INSERT INTO indicator_province_version (province_id, version) SELECT p, 1 FROM (SELECT (SELECT substr(un.path, 2, instr(substr(un.path, 2), '/') - 1) FROM officials o JOIN units un ON un.id = o.unit_id WHERE o.id = (SELECT official_id FROM users WHERE id = OLD.user_id)) AS p) WHERE p IS NOT NULL ON CONFLICT (province_id) DO UPDATE SET version = version + 1; INSERT INTO indicator_province_version (province_id, version) SELECT p, 1 FROM (SELECT (SELECT substr(un.path, 2, instr(substr(un.path, 2), '/') - 1) FROM officials o JOIN units un ON un.id = o.unit_id WHERE o.id = (SELECT official_id FROM users WHERE id = NEW.user_id)) AS p) WHERE p IS NOT NULL ON CONFLICT (province_id) DO UPDATE SET version = version + 1; END;
--> statement-breakpoint
CREATE TRIGGER `official_changes_delete_facts` AFTER DELETE ON `official_changes` BEGIN INSERT OR IGNORE INTO official_facts_dirty (official_id) SELECT OLD.official_id WHERE OLD.official_id IS NOT NULL; INSERT INTO indicator_province_version (province_id, version) SELECT p, 1 FROM (SELECT (SELECT substr(un.path, 2, instr(substr(un.path, 2), '/') - 1) FROM officials o JOIN units un ON un.id = o.unit_id WHERE o.id = OLD.official_id) AS p) WHERE p IS NOT NULL ON CONFLICT (province_id) DO UPDATE SET version = version + 1; END;
--> statement-breakpoint
CREATE TRIGGER `course_completions_delete_facts` AFTER DELETE ON `course_completions` BEGIN INSERT OR IGNORE INTO official_facts_dirty (official_id) SELECT (SELECT official_id FROM users WHERE id = OLD.user_id) WHERE (SELECT official_id FROM users WHERE id = OLD.user_id) IS NOT NULL; INSERT INTO indicator_province_version (province_id, version) SELECT p, 1 FROM (SELECT (SELECT substr(un.path, 2, instr(substr(un.path, 2), '/') - 1) FROM officials o JOIN units un ON un.id = o.unit_id WHERE o.id = (SELECT official_id FROM users WHERE id = OLD.user_id)) AS p) WHERE p IS NOT NULL ON CONFLICT (province_id) DO UPDATE SET version = version + 1; END;
--> statement-breakpoint
CREATE TRIGGER `certificates_delete_facts` AFTER DELETE ON `certificates` BEGIN INSERT OR IGNORE INTO official_facts_dirty (official_id) SELECT (SELECT official_id FROM users WHERE id = OLD.user_id) WHERE (SELECT official_id FROM users WHERE id = OLD.user_id) IS NOT NULL; INSERT INTO indicator_province_version (province_id, version) SELECT p, 1 FROM (SELECT (SELECT substr(un.path, 2, instr(substr(un.path, 2), '/') - 1) FROM officials o JOIN units un ON un.id = o.unit_id WHERE o.id = (SELECT official_id FROM users WHERE id = OLD.user_id)) AS p) WHERE p IS NOT NULL ON CONFLICT (province_id) DO UPDATE SET version = version + 1; END;
--> statement-breakpoint
CREATE TRIGGER `assignments_delete_facts` AFTER DELETE ON `assignments` BEGIN INSERT OR IGNORE INTO official_facts_dirty (official_id) SELECT OLD.official_id WHERE OLD.official_id IS NOT NULL; INSERT INTO indicator_province_version (province_id, version) SELECT p, 1 FROM (SELECT (SELECT substr(un.path, 2, instr(substr(un.path, 2), '/') - 1) FROM officials o JOIN units un ON un.id = o.unit_id WHERE o.id = OLD.official_id) AS p) WHERE p IS NOT NULL ON CONFLICT (province_id) DO UPDATE SET version = version + 1; END;
--> statement-breakpoint
CREATE TRIGGER `class_attendances_delete_facts` AFTER DELETE ON `class_attendances` BEGIN INSERT OR IGNORE INTO official_facts_dirty (official_id) SELECT OLD.official_id WHERE OLD.official_id IS NOT NULL; INSERT INTO indicator_province_version (province_id, version) SELECT p, 1 FROM (SELECT (SELECT substr(un.path, 2, instr(substr(un.path, 2), '/') - 1) FROM officials o JOIN units un ON un.id = o.unit_id WHERE o.id = OLD.official_id) AS p) WHERE p IS NOT NULL ON CONFLICT (province_id) DO UPDATE SET version = version + 1; END;
--> statement-breakpoint
CREATE TRIGGER `effectiveness_evaluations_delete_facts` AFTER DELETE ON `effectiveness_evaluations` BEGIN INSERT OR IGNORE INTO official_facts_dirty (official_id) SELECT (SELECT official_id FROM users WHERE id = OLD.user_id) WHERE (SELECT official_id FROM users WHERE id = OLD.user_id) IS NOT NULL; INSERT INTO indicator_province_version (province_id, version) SELECT p, 1 FROM (SELECT (SELECT substr(un.path, 2, instr(substr(un.path, 2), '/') - 1) FROM officials o JOIN units un ON un.id = o.unit_id WHERE o.id = (SELECT official_id FROM users WHERE id = OLD.user_id)) AS p) WHERE p IS NOT NULL ON CONFLICT (province_id) DO UPDATE SET version = version + 1; END;
--> statement-breakpoint
CREATE TRIGGER `quiz_attempts_delete_facts` AFTER DELETE ON `quiz_attempts` BEGIN INSERT OR IGNORE INTO official_facts_dirty (official_id) SELECT (SELECT official_id FROM users WHERE id = OLD.user_id) WHERE (SELECT official_id FROM users WHERE id = OLD.user_id) IS NOT NULL; INSERT INTO indicator_province_version (province_id, version) SELECT p, 1 FROM (SELECT (SELECT substr(un.path, 2, instr(substr(un.path, 2), '/') - 1) FROM officials o JOIN units un ON un.id = o.unit_id WHERE o.id = (SELECT official_id FROM users WHERE id = OLD.user_id)) AS p) WHERE p IS NOT NULL ON CONFLICT (province_id) DO UPDATE SET version = version + 1; END;
--> statement-breakpoint
CREATE TRIGGER `training_classes_update_facts` AFTER UPDATE ON `training_classes` BEGIN INSERT OR IGNORE INTO official_facts_dirty (official_id) SELECT official_id FROM class_attendances WHERE class_id IN (OLD.id, NEW.id); INSERT INTO indicator_province_version (province_id, version) SELECT DISTINCT substr(un.path, 2, instr(substr(un.path, 2), '/') - 1), 1 FROM class_attendances ca JOIN officials o ON o.id = ca.official_id JOIN units un ON un.id = o.unit_id WHERE ca.class_id IN (OLD.id, NEW.id) ON CONFLICT (province_id) DO UPDATE SET version = version + 1; END;
--> statement-breakpoint
CREATE TRIGGER `training_classes_delete_facts` AFTER DELETE ON `training_classes` BEGIN INSERT OR IGNORE INTO official_facts_dirty (official_id) SELECT official_id FROM class_attendances WHERE class_id = OLD.id; INSERT INTO indicator_province_version (province_id, version) SELECT DISTINCT substr(un.path, 2, instr(substr(un.path, 2), '/') - 1), 1 FROM class_attendances ca JOIN officials o ON o.id = ca.official_id JOIN units un ON un.id = o.unit_id WHERE ca.class_id = OLD.id ON CONFLICT (province_id) DO UPDATE SET version = version + 1; END;
--> statement-breakpoint
CREATE TRIGGER `users_insert_facts` AFTER INSERT ON `users` WHEN NEW.official_id IS NOT NULL BEGIN INSERT OR IGNORE INTO official_facts_dirty (official_id) SELECT NEW.official_id WHERE NEW.official_id IS NOT NULL; INSERT INTO indicator_province_version (province_id, version) SELECT p, 1 FROM (SELECT (SELECT substr(un.path, 2, instr(substr(un.path, 2), '/') - 1) FROM officials o JOIN units un ON un.id = o.unit_id WHERE o.id = NEW.official_id) AS p) WHERE p IS NOT NULL ON CONFLICT (province_id) DO UPDATE SET version = version + 1; END;
--> statement-breakpoint
CREATE TRIGGER `users_official_facts` AFTER UPDATE OF `official_id` ON `users` BEGIN INSERT OR IGNORE INTO official_facts_dirty (official_id) SELECT OLD.official_id WHERE OLD.official_id IS NOT NULL; INSERT OR IGNORE INTO official_facts_dirty (official_id) SELECT NEW.official_id WHERE NEW.official_id IS NOT NULL; INSERT INTO indicator_province_version (province_id, version) SELECT p, 1 FROM (SELECT (SELECT substr(un.path, 2, instr(substr(un.path, 2), '/') - 1) FROM officials o JOIN units un ON un.id = o.unit_id WHERE o.id = OLD.official_id) AS p) WHERE p IS NOT NULL ON CONFLICT (province_id) DO UPDATE SET version = version + 1; INSERT INTO indicator_province_version (province_id, version) SELECT p, 1 FROM (SELECT (SELECT substr(un.path, 2, instr(substr(un.path, 2), '/') - 1) FROM officials o JOIN units un ON un.id = o.unit_id WHERE o.id = NEW.official_id) AS p) WHERE p IS NOT NULL ON CONFLICT (province_id) DO UPDATE SET version = version + 1; END;
--> statement-breakpoint
CREATE TRIGGER `users_delete_facts` AFTER DELETE ON `users` WHEN OLD.official_id IS NOT NULL BEGIN INSERT OR IGNORE INTO official_facts_dirty (official_id) SELECT OLD.official_id WHERE OLD.official_id IS NOT NULL; INSERT INTO indicator_province_version (province_id, version) SELECT p, 1 FROM (SELECT (SELECT substr(un.path, 2, instr(substr(un.path, 2), '/') - 1) FROM officials o JOIN units un ON un.id = o.unit_id WHERE o.id = OLD.official_id) AS p) WHERE p IS NOT NULL ON CONFLICT (province_id) DO UPDATE SET version = version + 1; END;
--> statement-breakpoint
CREATE TRIGGER `units_insert_facts` AFTER INSERT ON `units` BEGIN INSERT INTO indicator_province_version (province_id, version) VALUES (substr(NEW.path, 2, instr(substr(NEW.path, 2), '/') - 1), 1) ON CONFLICT (province_id) DO UPDATE SET version = version + 1; END;
--> statement-breakpoint
CREATE TRIGGER `units_update_facts` AFTER UPDATE ON `units` BEGIN INSERT INTO indicator_province_version (province_id, version) VALUES (substr(OLD.path, 2, instr(substr(OLD.path, 2), '/') - 1), 1) ON CONFLICT (province_id) DO UPDATE SET version = version + 1; INSERT INTO indicator_province_version (province_id, version) VALUES (substr(NEW.path, 2, instr(substr(NEW.path, 2), '/') - 1), 1) ON CONFLICT (province_id) DO UPDATE SET version = version + 1; END;
--> statement-breakpoint
CREATE TRIGGER `units_delete_facts` AFTER DELETE ON `units` BEGIN INSERT INTO indicator_province_version (province_id, version) VALUES (substr(OLD.path, 2, instr(substr(OLD.path, 2), '/') - 1), 1) ON CONFLICT (province_id) DO UPDATE SET version = version + 1; END;
