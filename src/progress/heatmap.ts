/**
 * Calendar heatmap (GitHub style) of a member's answers per local day, drawn server-side to PNG with
 * @napi-rs/canvas. Columns are ISO weeks (Monday on top), the last column holds `to`; colour by answers or by
 * correct answers; month labels and legend in pt-BR or en. The Inter font ships with the @fontsource/inter
 * package and is registered from node_modules, so the picture is the same on every machine.
 */
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import { createRequire } from 'node:module';
import { addDays, dayNumber, weekdayIndex } from './dates.ts';
import { messages, type Language } from '../i18n/index.ts';
import { cutText } from '../format/text.ts';
import type { DayCount } from './stats.ts';

export type HeatmapLocale = Language;

export interface HeatmapInput {
  /** Top line, e.g. the member's display name; plain text. */
  title: string;
  /** Optional second line, e.g. "128 respostas em 6 meses". */
  subtitle?: string;
  /** Answers per local day (days absent = none). */
  counts: readonly DayCount[];
  /** Last local day shown (YYYY-MM-DD), normally today in the server's zone. */
  to: string;
  /** Columns (weeks), default 27 (about six months). */
  weeks?: number;
  locale?: HeatmapLocale;
  colorBy?: 'answered' | 'correct';
}

export interface HeatmapImage {
  png: Buffer;
  width: number;
  height: number;
}

const FONT_FAMILY = 'StudyTutorInter';
let fontRegistered = false;

function ensureFont(): void {
  if (fontRegistered) return;
  const require = createRequire(import.meta.url);
  const file = require.resolve('@fontsource/inter/files/inter-latin-400-normal.woff2');
  if (!GlobalFonts.registerFromPath(file, FONT_FAMILY)) throw new Error(`could not register font ${file}`);
  fontRegistered = true;
}


// Dark background (Discord's usual theme); five levels from "no answer" to "many".
const BACKGROUND = '#0d1117';
const TEXT = '#e6edf3';
const MUTED = '#8b949e';
const LEVELS = ['#161b22', '#0e4429', '#006d32', '#26a641', '#39d353'];

const CELL = 14;
const GAP = 3;
const STEP = CELL + GAP;
const PAD = 20;
const LABEL_W = 34;
const TITLE_H = 30;
const SUBTITLE_H = 22;
const MONTH_H = 20;
const LEGEND_H = 34;

/** Pixel size for a given number of weeks (and whether there is a subtitle). */
export function heatmapSize(weeks: number, withSubtitle: boolean): { width: number; height: number } {
  return {
    width: PAD * 2 + LABEL_W + weeks * STEP - GAP,
    height: PAD * 2 + TITLE_H + (withSubtitle ? SUBTITLE_H : 0) + MONTH_H + 7 * STEP - GAP + LEGEND_H,
  };
}

/** 0 for no answers, else 1..4 by share of the busiest day. */
export function heatLevel(value: number, max: number): number {
  if (value <= 0 || max <= 0) return 0;
  return Math.min(4, Math.max(1, Math.ceil((4 * value) / max)));
}

function fitText(ctx: SKRSContext2D, text: string, maxWidth: number): string {
  if (ctx.measureText(text).width <= maxWidth) return text;
  let cut = text;
  // One character (grapheme) at a time: a name's emoji is dropped whole, never left as half a surrogate pair.
  while (cut.length > 1 && ctx.measureText(`${cut}…`).width > maxWidth) cut = cutText(cut, cut.length - 1);
  return `${cut.trimEnd()}…`;
}

export async function renderHeatmap(input: HeatmapInput): Promise<HeatmapImage> {
  ensureFont();
  const weeks = Math.max(1, Math.floor(input.weeks ?? 27));
  const { months, heatmapWeekdays: weekdays, less, more } = messages(input.locale ?? 'pt-BR').stats;
  const labels = { months, weekdays, less, more };
  const { width, height } = heatmapSize(weeks, input.subtitle !== undefined);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, width, height);
  ctx.textBaseline = 'alphabetic';

  let y = PAD;
  ctx.fillStyle = TEXT;
  ctx.font = `20px ${FONT_FAMILY}`;
  ctx.fillText(fitText(ctx, input.title, width - 2 * PAD), PAD, y + 20);
  y += TITLE_H;
  if (input.subtitle !== undefined) {
    ctx.fillStyle = MUTED;
    ctx.font = `14px ${FONT_FAMILY}`;
    ctx.fillText(fitText(ctx, input.subtitle, width - 2 * PAD), PAD, y + 14);
    y += SUBTITLE_H;
  }

  const values = new Map<string, number>();
  let max = 0;
  for (const day of input.counts) {
    const value = input.colorBy === 'correct' ? day.correct : day.answered;
    values.set(day.date, value);
    if (value > max) max = value;
  }

  // The first column starts on the Monday `weeks - 1` weeks before the Monday of `to`'s week.
  const firstMonday = addDays(input.to, -weekdayIndex(input.to) - 7 * (weeks - 1));
  const lastDay = dayNumber(input.to);
  const gridX = PAD + LABEL_W;
  const gridY = y + MONTH_H;

  ctx.font = `12px ${FONT_FAMILY}`;
  ctx.fillStyle = MUTED;
  let lastLabelX = Number.NEGATIVE_INFINITY;
  for (let week = 0; week < weeks; week++) {
    const monday = addDays(firstMonday, 7 * week);
    // A month is labelled above the column holding its first day (or the first column, for the month in progress).
    for (let d = 0; d < 7; d++) {
      const date = addDays(monday, d);
      if ((week === 0 && d === 0) || date.endsWith('-01')) {
        const label = labels.months[Number(date.slice(5, 7)) - 1]!;
        const x = gridX + week * STEP;
        if (x - lastLabelX >= 3 * STEP && x + ctx.measureText(label).width <= width - PAD + GAP) {
          ctx.fillText(label, x, y + 13);
          lastLabelX = x;
        }
        break;
      }
    }
  }
  // Rows are Monday..Sunday: label Monday, Wednesday and Friday (rows 0, 2, 4).
  labels.weekdays.forEach((name, i) => ctx.fillText(name, PAD, gridY + 2 * i * STEP + CELL - 3));

  for (let week = 0; week < weeks; week++) {
    for (let d = 0; d < 7; d++) {
      const date = addDays(firstMonday, 7 * week + d);
      if (dayNumber(date) > lastDay) break;
      ctx.fillStyle = LEVELS[heatLevel(values.get(date) ?? 0, max)]!;
      ctx.beginPath();
      ctx.roundRect(gridX + week * STEP, gridY + d * STEP, CELL, CELL, 3);
      ctx.fill();
    }
  }

  // Legend, bottom right: Less ■■■■■ More.
  const legendY = gridY + 7 * STEP - GAP + 14;
  ctx.font = `12px ${FONT_FAMILY}`;
  const moreWidth = ctx.measureText(labels.more).width;
  let x = width - PAD - moreWidth;
  ctx.fillStyle = MUTED;
  ctx.fillText(labels.more, x, legendY + CELL - 3);
  x -= 6 + LEVELS.length * STEP;
  LEVELS.forEach((color, i) => {
    ctx.fillStyle = color;
    ctx.beginPath();
    ctx.roundRect(x + i * STEP, legendY, CELL, CELL, 3);
    ctx.fill();
  });
  ctx.fillStyle = MUTED;
  ctx.fillText(labels.less, x - 6 - ctx.measureText(labels.less).width, legendY + CELL - 3);

  const png = await canvas.encode('png');
  return { png, width, height };
}
