// Reads a class list as French school software exports it (Pronote, SIECLE/ONDE, EDT…) and plans
// the import: which classes are matched or created, which pupils get an account, which existing
// pupils change class, and why each rejected line was refused. Pure: the repository loads what
// already exists and writes the plan.
import type {
  ImportRejection,
  PupilImportLine,
  SchoolKind,
  SchoolLevel,
} from '@tremplin/contracts';
import { parseCsv, searchable } from '@tremplin/db';
import { frenchDate, isRealDate } from './calendar.js';

/** Windows-1252's characters at bytes 0x80–0x9F (where ISO-8859-1 has control characters). */
const WINDOWS_1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * Text decoded as ISO-8859-1 instead of Windows-1252 (Node's decoder does so for "windows-1252")
 * carries control characters where the file had Œ, œ, ’, €…: put the intended characters back.
 * Control characters of that range never belong in a class list, so this cannot spoil good text.
 */
export function repairWindows1252(text: string): string {
  return text.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

/** Reads bytes from French software: UTF-8, or Windows-1252 when that is not valid UTF-8. */
export function decodeCsvBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return repairWindows1252(new TextDecoder('latin1').decode(bytes));
  }
}

/** Header names as the software exports them, compared without case, accents or punctuation. */
const HEADER_ALIASES = {
  lastName: [
    'nom',
    'noms',
    'nomdefamille',
    'nomdusage',
    'nomusuel',
    'nomeleve',
    'nomdeleleve',
    'nomdeleve',
    'nomdenaissance',
    'nomlegal',
    'patronyme',
  ],
  firstName: [
    'prenom',
    'prenoms',
    'prenom1',
    'prenomusuel',
    'prenomeleve',
    'prenomdeleleve',
    'premierprenom',
  ],
  fullName: ['eleve', 'eleves', 'nomprenom', 'nometprenom', 'nomsetprenoms', 'identite'],
  birthDate: [
    'datedenaissance',
    'datenaissance',
    'datenais',
    'datenaiss',
    'naissance',
    'nele',
    'neele',
    'nee',
    'nele',
    'ddn',
  ],
  className: [
    'classe',
    'classes',
    'division',
    'divisions',
    'div',
    'classeactuelle',
    'libelleclasse',
    'codeclasse',
    'classedivision',
    'structure',
  ],
} as const;

type Column = keyof typeof HEADER_ALIASES;

const headerKey = (name: string) => searchable(name).replace(/[^a-z0-9]/g, '');

/** The columns of the file, by what they hold; missing ones are absent. */
export function readHeader(header: string[]): Partial<Record<Column, number>> {
  const found: Partial<Record<Column, number>> = {};
  header.forEach((name, index) => {
    const key = headerKey(name);
    for (const [column, aliases] of Object.entries(HEADER_ALIASES) as [
      Column,
      readonly string[],
    ][]) {
      if (found[column] === undefined && aliases.includes(key)) found[column] = index;
    }
  });
  return found;
}

/** DD/MM/YYYY (or with - or .), YYYY-MM-DD, with or without a time after it; null if unreadable. */
export function parseBirthDate(raw: string): string | null {
  const value = raw.trim().split(/[ T]/)[0] ?? '';
  let iso: string | null = null;
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
  if (dmy) iso = `${dmy[3]}-${dmy[2]!.padStart(2, '0')}-${dmy[1]!.padStart(2, '0')}`;
  else if (/^\d{4}-\d{2}-\d{2}$/.test(value)) iso = value;
  return iso && isRealDate(iso) ? iso : null;
}

/** Spaces collapsed; null when the name cannot be a person's name. */
function cleanName(raw: string): { value: string; problem?: string } {
  const value = raw.replace(/\s+/g, ' ').trim();
  if (value === '') return { value };
  // eslint-disable-next-line no-control-regex
  if (/[\uFFFD\u0000-\u001f\u007f-\u009f]/.test(value) || /Ã[\u0080-\u00BF]/.test(value)) {
    return { value, problem: "caractères illisibles (vérifiez l'encodage du fichier)" };
  }
  if (/[0-9@#$%^&*_=+<>{}[\]|\\/;:?!"]/.test(value)) {
    return { value, problem: 'caractères inattendus dans un nom' };
  }
  if (value.length > 100) return { value, problem: 'nom trop long (100 caractères au plus)' };
  return { value };
}

/** "DUPONT Jean-Marie" -> DUPONT / Jean-Marie: the family name is written in capitals. */
export function splitFullName(full: string): { lastName: string; firstName: string } | null {
  const words = full.replace(/\s+/g, ' ').trim().split(' ');
  const isUpper = (w: string) => /\p{L}/u.test(w) && w === w.toUpperCase() && w !== w.toLowerCase();
  let cut = 0;
  while (cut < words.length && isUpper(words[cut]!)) cut++;
  if (cut === 0 || cut === words.length) return null;
  return { lastName: words.slice(0, cut).join(' '), firstName: words.slice(cut).join(' ') };
}

export interface CandidatePupil {
  line: number;
  lastName: string;
  firstName: string;
  birthDate: string;
  /** As written in the file ('' when the file has no class column). */
  className: string;
}

export interface PupilList {
  /** Columns the file lacks, in the words of the export ("Nom", "Prénom"…). */
  columnsMissing: string[];
  read: number;
  candidates: CandidatePupil[];
  rejected: ImportRejection[];
}

/** Identity of a pupil for duplicates: names without accents or case, and the birth date. */
export function pupilKey(p: { lastName: string; firstName: string; birthDate: string | null }) {
  return `${searchable(p.lastName)}|${searchable(p.firstName)}|${p.birthDate ?? ''}`;
}

export function readPupilList(
  csv: string,
  options: { classColumnRequired: boolean; today: string; maxLines: number },
): PupilList {
  const table = parseCsv(csv);
  const columns = readHeader(table.header);
  const missing: string[] = [];
  const hasNames =
    (columns.lastName !== undefined && columns.firstName !== undefined) ||
    columns.fullName !== undefined;
  if (!hasNames) {
    if (columns.lastName === undefined) missing.push('Nom');
    if (columns.firstName === undefined) missing.push('Prénom');
  }
  if (columns.birthDate === undefined) missing.push('Date de naissance');
  if (options.classColumnRequired && columns.className === undefined) missing.push('Classe');
  if (missing.length > 0 || table.rows.length > options.maxLines) {
    return { columnsMissing: missing, read: table.rows.length, candidates: [], rejected: [] };
  }

  const candidates: CandidatePupil[] = [];
  const rejected: ImportRejection[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of table.rows) {
    const cell = (column: Column) => {
      const index = columns[column];
      return index === undefined ? '' : (cells[index] ?? '').trim();
    };
    const reject = (reason: string) => rejected.push({ line, reason });

    let lastRaw = cell('lastName');
    let firstRaw = cell('firstName');
    if ((columns.lastName === undefined || columns.firstName === undefined) && cell('fullName')) {
      const split = splitFullName(cell('fullName'));
      if (!split) {
        reject(`« ${cell('fullName')} » : impossible de séparer le nom (en capitales) du prénom.`);
        continue;
      }
      lastRaw = split.lastName;
      firstRaw = split.firstName;
    }
    const lastName = cleanName(lastRaw);
    const firstName = cleanName(firstRaw);
    const who = `${firstName.value} ${lastName.value}`.trim() || '(sans nom)';
    if (lastName.value === '') {
      reject(`${who} : le nom est manquant.`);
      continue;
    }
    if (firstName.value === '') {
      reject(`${who} : le prénom est manquant.`);
      continue;
    }
    if (lastName.problem || firstName.problem) {
      reject(`${who} : ${lastName.problem ?? firstName.problem}.`);
      continue;
    }
    const rawDate = cell('birthDate');
    if (rawDate === '') {
      reject(`${who} : la date de naissance est manquante.`);
      continue;
    }
    const birthDate = parseBirthDate(rawDate);
    if (!birthDate) {
      reject(`${who} : date de naissance « ${rawDate} » illisible (attendu : JJ/MM/AAAA).`);
      continue;
    }
    if (birthDate > options.today) {
      reject(`${who} : la date de naissance ${frenchDate(birthDate)} est dans le futur.`);
      continue;
    }
    const className = cell('className').replace(/\s+/g, ' ');
    if (options.classColumnRequired && className === '') {
      reject(`${who} : la classe est manquante.`);
      continue;
    }
    if (className.length > 40) {
      reject(`${who} : nom de classe trop long (40 caractères au plus).`);
      continue;
    }
    const key = pupilKey({ lastName: lastName.value, firstName: firstName.value, birthDate });
    const previous = seen.get(key);
    if (previous !== undefined) {
      reject(`${who} : en double dans le fichier (déjà à la ligne ${previous}).`);
      continue;
    }
    seen.set(key, line);
    candidates.push({
      line,
      lastName: lastName.value,
      firstName: firstName.value,
      birthDate,
      className,
    });
  }
  return { columnsMissing: [], read: table.rows.length, candidates, rejected };
}

/** The level of a class from its name, as schools write them ("3e A", "3EME2", "2NDE 4", "1BAC PRO"). */
export function levelFromClassName(name: string, kind: SchoolKind): SchoolLevel | null {
  const n = searchable(name).replace(/[^a-z0-9]/g, '');
  if (/^3(e|eme)?(pm|prepa)/.test(n)) return '3e';
  if (kind === 'lycee_pro' || /pro|cap|bac/.test(n)) return kind === 'college' ? null : 'pro';
  if (kind === 'college') {
    if (/^(3|troisieme)/.test(n)) return '3e';
    if (/^(4|quatrieme)/.test(n)) return '4e';
    return null;
  }
  if (/^(2|seconde)/.test(n)) return '2de';
  return null;
}

/** Ages (reached during the first calendar year of the school year) a level normally takes. */
export const LEVEL_AGES: Record<SchoolLevel, [number, number]> = {
  '4e': [11, 16],
  '3e': [12, 17],
  '2de': [13, 18],
  pro: [13, 21],
};

const LEVEL_WORDS: Record<SchoolLevel, string> = {
  '4e': 'de 4e',
  '3e': 'de 3e',
  '2de': 'de 2de',
  pro: 'de lycée professionnel',
};

export interface ExistingClass {
  id: string;
  name: string;
  level: SchoolLevel;
}

export interface ExistingPupil {
  userId: string;
  lastName: string;
  firstName: string;
  birthDate: string | null;
  classId: string | null;
  className: string | null;
  classYear: number | null;
}

export interface PlannedClass {
  key: string;
  id: string | null;
  name: string;
  level: SchoolLevel;
  /** The class was there before the import. */
  existing: boolean;
  pupils: number;
}

export interface PlannedPupil extends PupilImportLine {
  classKey: string;
  /** For a move: the pupil's existing account. */
  userId: string | null;
}

export interface ImportPlan {
  classes: PlannedClass[];
  pupils: PlannedPupil[];
  rejected: ImportRejection[];
}

export const classKey = (name: string) => searchable(name);

/**
 * Matches the file's classes with the school's (or creates them), checks each pupil's age against
 * the level, and finds pupils the school already has: in the same class (refused), in another class
 * this year (refused: moving is the teacher's decision), or from an earlier year or no class (moved,
 * keeping their account).
 */
export function planImport(
  list: PupilList,
  context: {
    schoolKind: SchoolKind;
    schoolYear: number;
    classes: ExistingClass[];
    pupils: ExistingPupil[];
    /** All pupils go into this class. */
    target?: ExistingClass;
  },
): ImportPlan {
  const rejected = [...list.rejected];
  const classes = new Map<string, PlannedClass>();
  for (const c of context.classes) {
    classes.set(classKey(c.name), {
      key: classKey(c.name),
      id: c.id,
      name: c.name,
      level: c.level,
      existing: true,
      pupils: 0,
    });
  }
  if (context.target && !classes.has(classKey(context.target.name))) {
    const t = context.target;
    classes.set(classKey(t.name), {
      key: classKey(t.name),
      id: t.id,
      name: t.name,
      level: t.level,
      existing: true,
      pupils: 0,
    });
  }
  const known = new Map(context.pupils.map((p) => [pupilKey(p), p]));
  const pupils: PlannedPupil[] = [];
  for (const candidate of list.candidates) {
    const who = `${candidate.firstName} ${candidate.lastName}`;
    const reject = (reason: string) =>
      rejected.push({ line: candidate.line, reason: `${who} : ${reason}` });
    let planned: PlannedClass;
    if (context.target) {
      planned = classes.get(classKey(context.target.name))!;
    } else {
      const key = classKey(candidate.className);
      let found = classes.get(key);
      if (!found) {
        const level = levelFromClassName(candidate.className, context.schoolKind);
        if (!level) {
          reject(
            `classe « ${candidate.className} » : niveau non reconnu ou sans stage (4e, 3e, 2de ou lycée professionnel). Créez la classe dans « Mes classes » puis importez le fichier dans cette classe.`,
          );
          continue;
        }
        found = { key, id: null, name: candidate.className, level, existing: false, pupils: 0 };
        classes.set(key, found);
      }
      planned = found;
    }
    const age = context.schoolYear - Number(candidate.birthDate.slice(0, 4));
    const [minAge, maxAge] = LEVEL_AGES[planned.level];
    if (age < minAge || age > maxAge) {
      reject(
        `né(e) le ${frenchDate(candidate.birthDate)} : ${age < minAge ? 'trop jeune' : 'trop âgé(e)'} pour une classe ${LEVEL_WORDS[planned.level]} (${minAge} à ${maxAge} ans dans l'année). Vérifiez la date de naissance.`,
      );
      continue;
    }
    const existing = known.get(pupilKey(candidate));
    let action: 'create' | 'move' = 'create';
    if (existing) {
      if (existing.classId && existing.classId === planned.id) {
        reject(`déjà dans la classe ${planned.name}.`);
        continue;
      }
      if (existing.classId && existing.classYear === context.schoolYear) {
        reject(
          `déjà inscrit(e) en ${existing.className} cette année : changez sa classe depuis la page de la classe.`,
        );
        continue;
      }
      action = 'move';
    }
    planned.pupils++;
    pupils.push({
      line: candidate.line,
      lastName: candidate.lastName,
      firstName: candidate.firstName,
      birthDate: candidate.birthDate,
      className: planned.name,
      level: planned.level,
      action,
      classKey: planned.key,
      userId: existing?.userId ?? null,
    });
  }
  rejected.sort((a, b) => a.line - b.line);
  return {
    classes: [...classes.values()].filter(
      (c) => c.pupils > 0 || (context.target && c.key === classKey(context.target.name)),
    ),
    pupils,
    rejected,
  };
}
