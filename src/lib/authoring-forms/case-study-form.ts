/**
 * The case study editor's form: reading the posted fields (decisions, options and legal rows are
 * numbered fields like "d0-o1-label"), the buttons that add or remove a block, turning the input
 * into the YAML data of content/courses/<course>/case-studies/<id>.yaml, validating it with
 * CaseStudySchema (whose graph check refuses loops, unreachable decisions and dangling `next`),
 * and the outline of the paths an author sees. Pure.
 */
import { CaseStudySchema } from '../../schemas/case-study.ts';
import {
  EMPTY_LEGAL_ROW,
  isEmptyLegalRow,
  legalData,
  legalRowOf,
  pressed,
  problemsFromIssues,
  readLegalRow,
  rowCount,
  text,
  uniqueId,
  type FieldProblem,
  type LegalRowInput,
} from './item-form.ts';

export const MAX_DECISIONS = 30;
export const MAX_OPTIONS = 8;
export const MAX_LEGAL_ROWS = 10;

/** One option as typed. `next` is a decision id or '' (the case ends). */
export interface CaseOptionInput {
  id: string;
  label: string;
  consequence: string;
  outcome: string;
  next: string;
}

/** One decision as typed; `was` is its id when the page was shown (to follow a rename). */
export interface DecisionInput {
  id: string;
  was: string;
  prompt: string;
  options: CaseOptionInput[];
}

/** The whole form as typed. */
export interface CaseStudyInput {
  title: string;
  summary: string;
  role: string;
  context: string;
  commentary: string;
  start: string;
  decisions: DecisionInput[];
  legalBasis: LegalRowInput[];
}

/** What the author asked for: save, or change the number of blocks and show the form again. */
export type CaseStudyCommand =
  | { kind: 'save' }
  | { kind: 'add-decision' }
  | { kind: 'remove-decision'; decision: number }
  | { kind: 'add-option'; decision: number }
  | { kind: 'remove-option'; decision: number; option: number }
  | { kind: 'add-legal' }
  | { kind: 'remove-legal'; row: number };

/** Names of the submit buttons that change blocks (value: "<decision>" or "<decision>-<option>"). */
export const CASE_STUDY_BUTTONS = [
  'them-quyet-dinh',
  'xoa-quyet-dinh',
  'them-lua-chon',
  'xoa-lua-chon',
  'them-can-cu',
  'xoa-can-cu',
] as const;

const OPTION_LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** An empty option with the first letter id not used in `taken`. */
function emptyOption(taken: readonly CaseOptionInput[]): CaseOptionInput {
  const used = new Set(taken.map((option) => option.id));
  const id = [...OPTION_LETTERS].find((letter) => !used.has(letter)) ?? uniqueId('lua-chon', used);
  return { id, label: '', consequence: '', outcome: '', next: '' };
}

/** An empty decision with a fresh id ("buoc-2") and two empty options. */
export function emptyDecision(taken: readonly DecisionInput[]): DecisionInput {
  const used = new Set(taken.map((decision) => decision.id));
  let n = taken.length + 1;
  while (used.has(`buoc-${n}`)) n++;
  const first = emptyOption([]);
  return { id: `buoc-${n}`, was: `buoc-${n}`, prompt: '', options: [first, emptyOption([first])] };
}

/** The form of a new case study: one decision, one legal row. */
export function emptyCaseStudyInput(): CaseStudyInput {
  const decision = emptyDecision([]);
  return {
    title: '',
    summary: '',
    role: '',
    context: '',
    commentary: '',
    start: decision.id,
    decisions: [decision],
    legalBasis: [{ ...EMPTY_LEGAL_ROW }],
  };
}

/** The form input of a stored case study (its YAML data, possibly incomplete). */
export function caseStudyInputOf(data: unknown): CaseStudyInput {
  const value = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  const str = (item: unknown) =>
    typeof item === 'string' ? item : item === undefined || item === null ? '' : String(item);
  const list = (item: unknown) => (Array.isArray(item) ? item : []);
  const decisions = list(value.decisions).map((raw): DecisionInput => {
    const decision = (raw ?? {}) as Record<string, unknown>;
    return {
      id: str(decision.id),
      was: str(decision.id),
      prompt: str(decision.prompt),
      options: list(decision.options).map((rawOption) => {
        const option = (rawOption ?? {}) as Record<string, unknown>;
        return {
          id: str(option.id),
          label: str(option.label),
          consequence: str(option.consequence),
          outcome: str(option.outcome),
          next: str(option.next),
        };
      }),
    };
  });
  const legalBasis = list(value.legalBasis).map(legalRowOf);
  return {
    title: str(value.title),
    summary: str(value.summary),
    role: str(value.role),
    context: str(value.context),
    commentary: str(value.commentary),
    start: str(value.start),
    decisions: decisions.length ? decisions : [emptyDecision([])],
    legalBasis: legalBasis.length ? legalBasis : [{ ...EMPTY_LEGAL_ROW }],
  };
}

/** Reads the posted form and the button pressed. */
export function readCaseStudyForm(form: FormData): { input: CaseStudyInput; command: CaseStudyCommand } {
  const decisionCount = rowCount(form, 'so-quyet-dinh', 1, MAX_DECISIONS);
  const decisions: DecisionInput[] = [];
  for (let d = 0; d < decisionCount; d++) {
    const optionCount = rowCount(form, `d${d}-so-lua-chon`, 1, MAX_OPTIONS);
    const options: CaseOptionInput[] = [];
    for (let o = 0; o < optionCount; o++) {
      const p = `d${d}-o${o}-`;
      options.push({
        id: text(form, `${p}id`).trim(),
        label: text(form, `${p}label`).trim(),
        consequence: text(form, `${p}consequence`).trim(),
        outcome: text(form, `${p}outcome`),
        next: text(form, `${p}next`),
      });
    }
    decisions.push({
      id: text(form, `d${d}-id`).trim(),
      was: text(form, `d${d}-was`).trim(),
      prompt: text(form, `d${d}-prompt`).trim(),
      options,
    });
  }
  const legalCount = rowCount(form, 'so-can-cu', 1, MAX_LEGAL_ROWS);
  const legalBasis = Array.from({ length: legalCount }, (_, row) => readLegalRow(form, `l${row}-`));
  const input: CaseStudyInput = {
    title: text(form, 'title').trim(),
    summary: text(form, 'summary').trim(),
    role: text(form, 'role').trim(),
    context: text(form, 'context').trim(),
    commentary: text(form, 'commentary').trim(),
    start: text(form, 'start'),
    decisions,
    legalBasis,
  };
  followRenames(input);
  const button = pressed(form, CASE_STUDY_BUTTONS);
  const [first, second] = (button?.value ?? '').split('-').map((part) => Number.parseInt(part, 10));
  const command: CaseStudyCommand = !button
    ? { kind: 'save' }
    : button.name === 'them-quyet-dinh'
      ? { kind: 'add-decision' }
      : button.name === 'xoa-quyet-dinh'
        ? { kind: 'remove-decision', decision: first }
        : button.name === 'them-lua-chon'
          ? { kind: 'add-option', decision: first }
          : button.name === 'xoa-lua-chon'
            ? { kind: 'remove-option', decision: first, option: second }
            : button.name === 'them-can-cu'
              ? { kind: 'add-legal' }
              : { kind: 'remove-legal', row: first };
  return { input, command };
}

/** A renamed decision keeps its links: `next` and `start` follow the new id. */
function followRenames(input: CaseStudyInput): void {
  for (const decision of input.decisions) {
    if (!decision.was || !decision.id || decision.was === decision.id) continue;
    if (input.decisions.some((other) => other !== decision && other.id === decision.was)) continue;
    if (input.start === decision.was) input.start = decision.id;
    for (const other of input.decisions)
      for (const option of other.options) if (option.next === decision.was) option.next = decision.id;
    decision.was = decision.id;
  }
}

/** Applies an add/remove button to the input (a new copy); save leaves it as is. */
export function applyCaseStudyCommand(input: CaseStudyInput, command: CaseStudyCommand): CaseStudyInput {
  const next: CaseStudyInput = structuredClone(input);
  const decision = 'decision' in command ? next.decisions[command.decision] : undefined;
  switch (command.kind) {
    case 'add-decision':
      if (next.decisions.length < MAX_DECISIONS) next.decisions.push(emptyDecision(next.decisions));
      break;
    case 'remove-decision':
      if (decision && next.decisions.length > 1) {
        next.decisions.splice(command.decision, 1);
        // Links to the removed decision now end the case instead of pointing nowhere.
        for (const other of next.decisions)
          for (const option of other.options) if (option.next === decision.id) option.next = '';
        if (next.start === decision.id) next.start = next.decisions[0].id;
      }
      break;
    case 'add-option':
      if (decision && decision.options.length < MAX_OPTIONS) decision.options.push(emptyOption(decision.options));
      break;
    case 'remove-option':
      if (decision && decision.options.length > 1) decision.options.splice(command.option, 1);
      break;
    case 'add-legal':
      if (next.legalBasis.length < MAX_LEGAL_ROWS) next.legalBasis.push({ ...EMPTY_LEGAL_ROW });
      break;
    case 'remove-legal':
      if (next.legalBasis.length > 1) next.legalBasis.splice(command.row, 1);
      break;
  }
  return next;
}

/** The YAML data of the case study, fields in the order of content/README.md. */
export function caseStudyData(input: CaseStudyInput): Record<string, unknown> {
  return {
    title: input.title,
    summary: input.summary,
    role: input.role,
    context: input.context,
    start: input.start,
    decisions: input.decisions.map((decision) => ({
      id: decision.id,
      prompt: decision.prompt,
      options: decision.options.map((option) => ({
        id: option.id,
        label: option.label,
        consequence: option.consequence,
        outcome: option.outcome,
        ...(option.next ? { next: option.next } : {}),
      })),
    })),
    commentary: input.commentary,
    legalBasis: input.legalBasis.filter((row) => !isEmptyLegalRow(row)).map(legalData),
  };
}

/** The form field an issue path belongs to ("decisions.1.options.0.label" → "d1-o0-label"). */
export function caseStudyFieldOf(path: readonly PropertyKey[]): string {
  const [head, a, b, c, d] = path;
  if (head === 'decisions' && typeof a === 'number') {
    if (b === 'options' && typeof c === 'number') return `d${a}-o${c}-${typeof d === 'string' ? d : 'label'}`;
    if (b === 'options') return `d${a}-o0-next`;
    return `d${a}-${b === 'id' ? 'id' : 'prompt'}`;
  }
  if (head === 'decisions') return 'd0-prompt';
  if (head === 'legalBasis' && typeof a === 'number') return `l${a}-${typeof b === 'string' ? b : 'title'}`;
  if (head === 'legalBasis') return 'l0-title';
  return typeof head === 'string' ? head : 'title';
}

/** Every problem of the case study's data, by form field; empty when it passes CaseStudySchema. */
export function caseStudyProblems(input: CaseStudyInput): FieldProblem[] {
  const parsed = CaseStudySchema.safeParse(caseStudyData(input));
  return parsed.success ? [] : problemsFromIssues(parsed.error.issues, caseStudyFieldOf);
}

/** One step of the outline: a decision and, for each option, where it leads. */
export interface OutlineNode {
  decisionId: string;
  prompt: string;
  options: {
    id: string;
    label: string;
    outcome: string;
    then: OutlineNode | { end: 'ket-thuc' | 'vong-lap' | 'khong-co' | 'da-trinh-bay'; target?: string };
  }[];
}

/**
 * The paths of the case from `start`, as a tree for a nested list. A decision met again on the
 * same path is a loop; one already drawn elsewhere is referred to, not drawn twice.
 */
export function caseOutline(input: Pick<CaseStudyInput, 'start' | 'decisions'>): OutlineNode | undefined {
  const byId = new Map(input.decisions.map((decision) => [decision.id, decision]));
  const drawn = new Set<string>();
  const build = (id: string, path: ReadonlySet<string>): OutlineNode => {
    const decision = byId.get(id)!;
    drawn.add(id);
    const onPath = new Set(path).add(id);
    return {
      decisionId: id,
      prompt: decision.prompt,
      options: decision.options.map((option) => ({
        id: option.id,
        label: option.label,
        outcome: option.outcome,
        then: !option.next
          ? { end: 'ket-thuc' as const }
          : !byId.has(option.next)
            ? { end: 'khong-co' as const, target: option.next }
            : onPath.has(option.next)
              ? { end: 'vong-lap' as const, target: option.next }
              : drawn.has(option.next)
                ? { end: 'da-trinh-bay' as const, target: option.next }
                : build(option.next, onPath),
      })),
    };
  };
  return byId.has(input.start) ? build(input.start, new Set()) : undefined;
}

/** Decisions no path from `start` reaches (shown below the outline). */
export function unreachableDecisions(input: Pick<CaseStudyInput, 'start' | 'decisions'>): string[] {
  const byId = new Map(input.decisions.map((decision) => [decision.id, decision]));
  const seen = new Set<string>();
  const queue = byId.has(input.start) ? [input.start] : [];
  while (queue.length) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const option of byId.get(id)?.options ?? []) if (option.next && byId.has(option.next)) queue.push(option.next);
  }
  return input.decisions.map((decision) => decision.id).filter((id) => id && !seen.has(id));
}
