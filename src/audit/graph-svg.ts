/**
 * The delegation graph drawn as inline SVG for the auditor's HTML page: agents in columns by how
 * far they are from an entry agent, each box listing the tools the agent holds (risky tools in red,
 * approved ones with their approval), hand-offs as arrows (red on an unapproved chain, dashed green
 * when approved). Laid out here, in plain geometry: no script, no library, no network.
 */
import type { AuditDelegation } from './delegation.js';

const COL = 300;
const BOX_W = 230;
const HEAD = 38;
const ROW = 16;
const GAP = 26;
const PAD = 16;
const MAX_TOOLS = 6;

interface Placed {
  id: string;
  x: number;
  y: number;
  h: number;
}

export function delegationSvg(d: AuditDelegation, esc: (s: string) => string): string {
  const agents = d.nodes.filter((n) => n.kind === 'agent');
  const tools = new Map(d.nodes.filter((n) => n.kind === 'tool').map((n) => [n.id, n]));
  const handoffs = d.edges.filter((e) => e.label !== 'tool');
  const held = new Map<string, string[]>();
  for (const e of d.edges) if (e.label === 'tool') held.set(e.from, [...(held.get(e.from) ?? []), e.to]);

  // Column: the longest chain of hand-offs from an entry, bounded so that cycles settle.
  const layer = new Map(agents.map((a) => [a.id, 0]));
  for (let pass = 0; pass < Math.min(agents.length, 12); pass++) {
    let moved = false;
    for (const e of handoffs) {
      const next = Math.min(layer.get(e.from)! + 1, 8);
      if (next > layer.get(e.to)! && !reaches(handoffs, e.to, e.from)) {
        layer.set(e.to, next);
        moved = true;
      }
    }
    if (!moved) break;
  }
  const placed = new Map<string, Placed>();
  const heights: number[] = [];
  for (const a of agents) {
    const col = layer.get(a.id)!;
    const list = held.get(a.id) ?? [];
    const h = HEAD + ROW * (Math.min(list.length, MAX_TOOLS) + (list.length > MAX_TOOLS ? 1 : 0)) + 8;
    const y = heights[col] ?? PAD;
    placed.set(a.id, { id: a.id, x: PAD + col * COL, y, h });
    heights[col] = y + h + GAP;
  }
  const width = PAD * 2 + (Math.max(0, ...layer.values()) * COL + BOX_W);
  const height = Math.max(PAD * 2, ...heights) + PAD;

  const out: string[] = [];
  out.push(
    `<svg class="delegation" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Delegation graph: ${agents.length} agents, ${handoffs.length} hand-offs">`,
    '<defs><marker id="dg-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#59636e"/></marker>' +
      '<marker id="dg-arrow-red" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#c00"/></marker></defs>',
  );
  for (const e of handoffs) {
    const a = placed.get(e.from);
    const b = placed.get(e.to);
    if (!a || !b) continue;
    const forward = b.x > a.x;
    const x1 = forward ? a.x + BOX_W : a.x + BOX_W / 2;
    const y1 = forward ? a.y + HEAD / 2 : a.y + a.h;
    const x2 = forward ? b.x : b.x + BOX_W / 2;
    const y2 = forward ? b.y + HEAD / 2 : b.y;
    const c = forward ? `C${x1 + 60},${y1} ${x2 - 60},${y2}` : `C${x1 + 80},${y1 + 40} ${x2 + 80},${y2 - 40}`;
    const cls = e.unapproved ? 'edge unapproved' : e.approval ? 'edge approved' : 'edge';
    const label = e.approval ? `${e.label} · approval` : e.label;
    out.push(
      `<g class="${cls}"><title>${esc(`${label}${e.approval ? `: ${e.approval}` : ''}`)}</title><path d="M${x1},${y1} ${c} ${x2},${y2}" marker-end="url(#${e.unapproved ? 'dg-arrow-red' : 'dg-arrow'})"/>` +
        `<text x="${(x1 + x2) / 2}" y="${(y1 + y2) / 2 - 4}" text-anchor="middle">${esc(label)}</text></g>`,
    );
  }
  for (const a of agents) {
    const p = placed.get(a.id)!;
    const list = held.get(a.id) ?? [];
    const rows = list.slice(0, MAX_TOOLS).map((id, i) => {
      const t = tools.get(id)!;
      const cls = t.risky ? 'tool risky' : t.approval ? 'tool approved' : 'tool';
      const mark = t.risky ? '⚠ ' : t.approval ? '✓ ' : '';
      return `<text class="${cls}" x="${p.x + 10}" y="${p.y + HEAD + ROW * i + 10}"><title>${esc(`${t.detail}${t.approval ? ` · approval: ${t.approval}` : ''}`)}</title>${esc(clip(`${mark}${t.label}`, 34))}</text>`;
    });
    if (list.length > MAX_TOOLS) rows.push(`<text class="tool" x="${p.x + 10}" y="${p.y + HEAD + ROW * MAX_TOOLS + 10}">… ${list.length - MAX_TOOLS} more</text>`);
    out.push(
      `<g class="node" data-agent="${esc(a.label)}"><title>${esc(a.detail)}</title><rect x="${p.x}" y="${p.y}" width="${BOX_W}" height="${p.h}" rx="6"/>` +
        `<text class="name" x="${p.x + 10}" y="${p.y + 17}">${esc(clip(a.label, 30))}</text><text class="where" x="${p.x + 10}" y="${p.y + 31}">${esc(clip(a.detail, 40))}</text>${rows.join('')}</g>`,
    );
  }
  out.push('</svg>');
  return out.join('\n');
}

function reaches(edges: { from: string; to: string }[], from: string, to: string): boolean {
  const seen = new Set([from]);
  const queue = [from];
  while (queue.length) {
    const id = queue.shift()!;
    if (id === to) return true;
    for (const e of edges) if (e.from === id && !seen.has(e.to)) {
      seen.add(e.to);
      queue.push(e.to);
    }
  }
  return false;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
