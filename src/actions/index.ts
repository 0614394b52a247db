/** Every form action of the site. Each handler validates its input (zod) and authorizes first. */
import { changeOwnPassword, signIn, signOut } from './auth.ts';

export const server = { signIn, signOut, changeOwnPassword };
