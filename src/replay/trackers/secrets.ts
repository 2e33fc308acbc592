/**
 * SecretTracker: secrets seen in tool results, the environment and issued credentials, and where
 * they reappear (plain, URL-encoded, base64) in later calls. Bounded: first in, first out.
 */
import { findSecrets, needlesFor, urlDecode, type Encoding, type Lifetime, type Needle, type SecretHit } from '../secrets.js';

export interface TrackedSecret {
  value: string;
  kind: string;
  lifetime: Lifetime;
  /** `the result of step 4 (Read)`, `environment variable GITHUB_TOKEN`, `credential deploy-key`. */
  origin: string;
  step: number;
  envName?: string;
  credential?: string;
  needles: Needle[];
}

export interface SecretMatch {
  secret: TrackedSecret;
  encoding: Encoding;
}

const SECRET_NAME = /secret|token|passw|pwd|api[_-]?key|access[_-]?key|private[_-]?key|credential|auth/i;

const PREFIX = 8;

export class SecretTracker {
  private readonly entries = new Map<string, TrackedSecret>();
  /** First characters of every form (plain and encoded) of every secret → the forms: a fast index for redaction. */
  private readonly prefixes = new Map<string, Set<string>>();
  constructor(private readonly cap = 2000) {}

  private forms(s: TrackedSecret): string[] {
    return [s.value, ...s.needles.map((n) => n.text)];
  }

  private index(s: TrackedSecret, add: boolean): void {
    for (const form of this.forms(s)) {
      const key = form.slice(0, PREFIX);
      let set = this.prefixes.get(key);
      if (add) {
        if (!set) this.prefixes.set(key, (set = new Set()));
        set.add(form);
      } else if (set) {
        set.delete(form);
        if (!set.size) this.prefixes.delete(key);
      }
    }
  }

  /** The forms of tracked secrets that occur in a text (for redaction), found through the prefix index. */
  formsIn(text: string): string[] {
    if (!this.entries.size) return [];
    const out = new Set<string>();
    for (let i = 0; i + PREFIX <= text.length; i++) {
      const set = this.prefixes.get(text.slice(i, i + PREFIX));
      if (set) for (const form of set) if (text.startsWith(form, i)) out.add(form);
    }
    return [...out].sort((a, b) => b.length - a.length);
  }

  get size(): number {
    return this.entries.size;
  }

  values(): IterableIterator<string> {
    return this.entries.keys();
  }

  get(value: string): TrackedSecret | undefined {
    return this.entries.get(value);
  }

  private put(s: Omit<TrackedSecret, 'needles'>): void {
    if (this.entries.has(s.value) || s.value.length < 8) return;
    if (this.entries.size >= this.cap) {
      const oldest = this.entries.values().next().value!;
      this.index(oldest, false);
      this.entries.delete(oldest.value);
    }
    const entry = { ...s, needles: needlesFor(s.value) };
    this.entries.set(s.value, entry);
    this.index(entry, true);
  }

  /** Secrets in a tool result. */
  fromText(text: string, origin: string, step: number): SecretHit[] {
    const hits = findSecrets(text);
    for (const h of hits) this.put({ ...h, origin, step });
    return hits;
  }

  /** Secrets in the environment: recognised values, and any value of a secret-named variable. */
  fromEnv(env: Record<string, string>, step: number): void {
    for (const [name, value] of Object.entries(env)) {
      const hits = findSecrets(`${name}=${value}`);
      const hit = hits.find((h) => value.includes(h.value));
      if (hit) this.put({ ...hit, value: hit.value, origin: `environment variable ${name}`, step, envName: name });
      else if (SECRET_NAME.test(name) && value.length >= 8) {
        this.put({ value, kind: `value of ${name}`, lifetime: 'unknown', origin: `environment variable ${name}`, step, envName: name });
      }
    }
  }

  fromCredential(value: string, credential: string, lifetime: Lifetime, step: number): void {
    const hit = findSecrets(value)[0];
    this.put({ value, kind: hit?.kind ?? `credential ${credential}`, lifetime, origin: `credential ${credential}`, step, credential });
  }

  /** Tracked secrets that appear in a text, with how they were encoded. */
  search(text: string): SecretMatch[] {
    if (!text || this.entries.size === 0) return [];
    const decoded = urlDecode(text);
    const out: SecretMatch[] = [];
    for (const s of this.entries.values()) {
      for (const n of s.needles) {
        if (text.includes(n.text)) {
          out.push({ secret: s, encoding: n.encoding });
          break;
        }
        if (n.encoding === 'plain' && decoded !== text && decoded.includes(n.text)) {
          out.push({ secret: s, encoding: 'URL-encoded' });
          break;
        }
      }
    }
    return out;
  }
}
