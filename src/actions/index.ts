/** Every form action of the site. Each handler validates its input (zod) and authorizes first. */
import { changeOwnPassword, signIn, signOut } from './auth.ts';
import { admin } from './admin.ts';
import { completeLesson } from './progress.ts';

export const server = { admin, signIn, signOut, changeOwnPassword, completeLesson };
