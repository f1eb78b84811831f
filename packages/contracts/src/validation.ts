// Checks that JSON Schema cannot express (check digits), shared by the API and the web forms.

/** Luhn check over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (d < 0 || d > 9) return false;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** Removes spaces; a SIRET is valid when it is 14 digits and passes Luhn. */
export function normaliseSiret(input: string): string {
  return input.replace(/\s+/g, '');
}

export function siretProblem(input: string): string | null {
  const siret = normaliseSiret(input);
  if (!/^[0-9]{14}$/.test(siret)) return 'Le SIRET doit compter 14 chiffres.';
  if (!luhnValid(siret)) return "Ce SIRET n'est pas valide (la clé de contrôle ne correspond pas).";
  return null;
}

const UAI_KEY_LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

/** The check letter of a UAI: its 7 digits modulo 23, over the alphabet without I, O and Q. */
export function uaiCheckLetter(digits: string): string {
  return UAI_KEY_LETTERS[Number(digits) % 23]!;
}

export function uaiProblem(input: string): string | null {
  const uai = input.trim().toUpperCase();
  if (!/^[0-9]{7}[A-Z]$/.test(uai)) return "L'UAI doit compter 7 chiffres suivis d'une lettre.";
  if (uaiCheckLetter(uai.slice(0, 7)) !== uai[7]) {
    return "Cette UAI n'est pas valide (la lettre de contrôle ne correspond pas).";
  }
  return null;
}

/** Why a password is too weak, or null. Plain rules that a pupil can follow. */
export function passwordProblem(password: string, minLength = 10): string | null {
  if (password.length < minLength) {
    return `Le mot de passe doit compter au moins ${minLength} caractères.`;
  }
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) =>
    re.test(password),
  ).length;
  if (kinds < 2) {
    return 'Le mot de passe doit mêler au moins deux sortes de caractères (minuscules, majuscules, chiffres, symboles).';
  }
  if (
    /^(.)\1+$/.test(password) ||
    /^(?:0123456789|1234567890|azertyuiop|motdepasse)/i.test(password)
  ) {
    return 'Ce mot de passe est trop facile à deviner.';
  }
  return null;
}
