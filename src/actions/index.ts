/** Every form action of the site. Each handler validates its input (zod) and authorizes first. */
import { changeOwnPassword, signIn, signOut } from './auth.ts';
import { admin } from './admin.ts';
import { completeLesson } from './progress.ts';
import { certificates } from './certificates.ts';
import { quiz } from './quiz.ts';
import { xapi } from './xapi.ts';
import { evaluations } from './evaluations.ts';
import { assignments } from './assignments.ts';
import { classes } from './classes.ts';
import { apiTokens } from './api-tokens.ts';
import { authoring } from './authoring.ts';
import { authoringItems } from './authoring-items.ts';
import { sessions } from './sessions.ts';
import { sso } from './sso.ts';
import { passwordReset } from './password-reset.ts';
import { units } from './units.ts';
import { activation } from './activation.ts';
import { roles } from './roles.ts';
import { targets } from './targets.ts';
import { programmes } from './programmes.ts';

export const server = {
  admin,
  signIn,
  signOut,
  changeOwnPassword,
  completeLesson,
  quiz,
  certificates,
  assignments,
  classes,
  apiTokens,
  xapi,
  evaluations,
  authoring,
  authoringItems,
  sessions,
  sso,
  passwordReset,
  units,
  activation,
  programmes,
  roles,
  targets,
};
