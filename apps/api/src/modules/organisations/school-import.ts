// Reads the national school directory export (annuaire de l'éducation, `;`-separated) into school
// rows, and says why each rejected line was refused.
import { uaiProblem, type ImportRejection } from '@tremplin/contracts';
import { parseCsv, searchable } from '@tremplin/db';
import type { SchoolValues } from './repository.js';

export const DIRECTORY_COLUMNS = [
  'identifiant_de_l_etablissement',
  'nom_etablissement',
  'type_etablissement',
  'code_commune',
  'latitude',
  'longitude',
  'appartenance_education_prioritaire',
] as const;

type Centroids = Map<string, { lat: number; lon: number }>;

function schoolKind(
  type: string,
  name: string,
  cells: Record<string, string>,
): SchoolValues['kind'] | null {
  const t = searchable(type);
  if (t.startsWith('college')) return 'college';
  if (!t.startsWith('lycee')) return null;
  const professional =
    t.includes('professionnel') ||
    /lycee professionnel|\blp\b/.test(searchable(name)) ||
    (cells.voie_professionnelle === '1' &&
      cells.voie_generale !== '1' &&
      cells.voie_technologique !== '1');
  return professional ? 'lycee_pro' : 'lycee_gt';
}

function coordinate(raw: string, min: number, max: number): number | null | undefined {
  if (raw.trim() === '') return undefined;
  const value = Number(raw.trim().replace(',', '.'));
  return Number.isFinite(value) && value >= min && value <= max ? value : null;
}

export function readSchoolDirectory(csv: string, centroids: Centroids) {
  const table = parseCsv(csv);
  const index = new Map(table.header.map((name, i) => [name.toLowerCase(), i]));
  const missing = DIRECTORY_COLUMNS.filter((c) => !index.has(c));
  if (missing.length > 0) {
    return { columnsMissing: missing, rows: [], rejected: [], read: table.rows.length };
  }
  const rows: SchoolValues[] = [];
  const rejected: ImportRejection[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells: raw } of table.rows) {
    const cells: Record<string, string> = {};
    for (const [name, i] of index) cells[name] = (raw[i] ?? '').trim();
    const reject = (reason: string) => rejected.push({ line, reason });
    const uai = cells.identifiant_de_l_etablissement!.toUpperCase();
    const uaiError = uaiProblem(uai);
    if (uaiError) {
      reject(`UAI « ${uai} » : ${uaiError}`);
      continue;
    }
    const previous = seen.get(uai);
    if (previous !== undefined) {
      reject(`UAI ${uai} déjà présente à la ligne ${previous}.`);
      continue;
    }
    const name = cells.nom_etablissement!;
    if (name === '') {
      reject(`UAI ${uai} : le nom de l'établissement est vide.`);
      continue;
    }
    const kind = schoolKind(cells.type_etablissement!, name, cells);
    if (!kind) {
      reject(
        `UAI ${uai} : type « ${cells.type_etablissement} » non pris en charge (collège ou lycée attendu).`,
      );
      continue;
    }
    const commune = centroids.get(cells.code_commune!);
    if (!commune) {
      reject(
        `UAI ${uai} : la commune ${cells.code_commune || '(vide)'} n'est pas dans le département.`,
      );
      continue;
    }
    const lat = coordinate(cells.latitude!, -90, 90);
    const lon = coordinate(cells.longitude!, -180, 180);
    if (lat === null || lon === null) {
      reject(`UAI ${uai} : coordonnées invalides (${cells.latitude} ; ${cells.longitude}).`);
      continue;
    }
    const ep = searchable(cells.appartenance_education_prioritaire!).replace(/\s/g, '');
    const priority =
      ep === 'rep+'
        ? 'rep_plus'
        : ep === 'rep'
          ? 'rep'
          : ep === '' || ep === 'horsep'
            ? 'none'
            : null;
    if (!priority) {
      reject(
        `UAI ${uai} : éducation prioritaire « ${cells.appartenance_education_prioritaire} » inconnue (REP, REP+ ou vide).`,
      );
      continue;
    }
    seen.set(uai, line);
    rows.push({
      uai,
      name,
      kind,
      communeCode: cells.code_commune!,
      address: cells.adresse_1 ?? '',
      lat: lat ?? commune.lat,
      lon: lon ?? commune.lon,
      priority,
    });
  }
  return { columnsMissing: [] as string[], rows, rejected, read: table.rows.length };
}
