/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** The signed-in user, set by the middleware from the session cookie. */
    user?: import('./lib/server/auth/sessions.ts').SessionUser;
    /** The current session's id, for sign-out. */
    sessionId?: string;
    /** Set by a draft preview page: the draft's videos, case studies and quizzes, looked up first. */
    contentPreview?: import('./lib/content-preview.ts').ContentPreview;
  }
}
