/** One measured number, with the target it is judged against (if any). */
export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** At least (`min`) or at most (`max`) this value; absent: printed for information. */
  readonly target?: { readonly min?: number; readonly max?: number };
  readonly note?: string;
}

export interface BenchSection {
  readonly title: string;
  readonly figures: readonly Figure[];
}

/** Targets named in the issues, for benchmarks that return bare numbers. */
export const knownTargets: Record<string, Pick<Figure, 'unit' | 'target'>> = {
  emailsPerSecond: { unit: 'emails/s', target: { min: 500 } },
  smsPerSecond: { unit: 'SMS/s', target: { min: 300 } },
  registrationRatio: { unit: '× hash limit', target: { min: 0.8 } },
  loginRatio: { unit: '× hash limit', target: { min: 0.85 } },
  // What a route doing nothing but the hash (and one insert) reaches: this machine's ceiling.
  bareHashRouteRatio: { unit: '× hash limit' },
  bareVerifyRatio: { unit: '× hash limit' },
  sessionRatio: { unit: '× bare route', target: { min: 0.5 } },
  bareRoutePerSecond: { unit: '/s', target: { min: 12_000 } },
};

/**
 * Benchmarks written by different people return different shapes: an array of figures,
 * `{ figures }`, or a plain object of numbers (`{ emailsPerSecond: 812 }`). All become figures.
 */
export function toFigures(result: unknown): Figure[] {
  if (Array.isArray(result)) return result.filter(isFigure);
  if (result && typeof result === 'object') {
    const { figures } = result as { figures?: unknown };
    if (Array.isArray(figures)) return figures.filter(isFigure);
    return Object.entries(result as Record<string, unknown>).flatMap(([name, value]): Figure[] => {
      if (typeof value === 'number') return [{ name, value, unit: guessUnit(name), ...knownTargets[name] }];
      // One level of nesting, such as { login: { perSecond: 200 } }.
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        return toFigures(value).map((figure) => ({ ...figure, name: `${name}.${figure.name}` }));
      }
      return [];
    });
  }
  return typeof result === 'number' ? [{ name: 'result', value: result, unit: '' }] : [];
}

function isFigure(value: unknown): value is Figure {
  const figure = value as Figure;
  return Boolean(figure) && typeof figure.name === 'string' && typeof figure.value === 'number';
}

function guessUnit(name: string): string {
  if (/PerSecond$|Rate$/i.test(name)) return '/s';
  if (/Ms$/.test(name)) return 'ms';
  if (/MiB$/.test(name)) return 'MiB';
  return '';
}

/** The ratio against the target (≥ 1 meets it) and a verdict. */
export function judge(figure: Figure): { ratio: number | null; verdict: string } {
  const { target } = figure;
  if (target?.min !== undefined) {
    const ratio = figure.value / target.min;
    return { ratio, verdict: ratio >= 1 ? 'ok' : 'BELOW TARGET' };
  }
  if (target?.max !== undefined) {
    const ratio = figure.value > 0 ? target.max / figure.value : Number.POSITIVE_INFINITY;
    return { ratio, verdict: ratio >= 1 ? 'ok' : 'OVER TARGET' };
  }
  return { ratio: null, verdict: '' };
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(Math.abs(value) >= 10 ? 1 : 2);
}

/** A plain-text table: figure, value, target, ratio (target ÷ figure for "at most" targets). */
export function renderTable(sections: readonly BenchSection[]): string {
  const rows: string[][] = [['benchmark', 'figure', 'value', 'target', 'ratio', '']];
  for (const section of sections) {
    for (const figure of section.figures) {
      const { ratio, verdict } = judge(figure);
      const target =
        figure.target?.min !== undefined
          ? `≥ ${formatNumber(figure.target.min)}`
          : figure.target?.max !== undefined
            ? `≤ ${formatNumber(figure.target.max)}`
            : '';
      rows.push([
        section.title,
        figure.note ? `${figure.name} (${figure.note})` : figure.name,
        `${formatNumber(figure.value)} ${figure.unit}`.trim(),
        target ? `${target} ${figure.unit}`.trim() : '',
        ratio === null ? '' : `${ratio.toFixed(2)}×`,
        verdict,
      ]);
    }
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) =>
        column === 2 || column === 4 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!),
      )
      .join('  ')
      .trimEnd();
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}
