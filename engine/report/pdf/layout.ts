// A small flowing layout over pdf-lib: headings, wrapped paragraphs, key-value blocks and tables that
// break across pages (repeating their header), and a footer on every page. It keeps every string it
// draws so the builder can check the PDF's text for secrets before anything is written.
import type { Color, PDFDocument, PDFFont, PDFPage } from 'pdf-lib';
import { StandardFonts, rgb } from 'pdf-lib';

/** A4 portrait, in points. */
const PAGE = { width: 595.28, height: 841.89, margin: 42 } as const;
const FOOTER_SPACE = 30;

/** The three standard fonts the report uses (WinAnsi only: no font files to embed or ship). */
export interface ReportFonts {
  readonly regular: PDFFont;
  readonly bold: PDFFont;
  readonly mono: PDFFont;
}

/** Embeds the report's fonts. */
export async function embedReportFonts(doc: PDFDocument): Promise<ReportFonts> {
  const [regular, bold, mono] = await Promise.all([
    doc.embedFont(StandardFonts.Helvetica),
    doc.embedFont(StandardFonts.HelveticaBold),
    doc.embedFont(StandardFonts.Courier),
  ]);
  return { regular, bold, mono };
}

/** A table column: title, width in points, font. */
export interface Column {
  readonly title: string;
  readonly width: number;
  readonly mono?: boolean;
}

/** A table cell: its text and optionally a background. */
export interface Cell {
  readonly text: string;
  readonly fill?: Color;
  readonly bold?: boolean;
}

/** Colours of the report. */
export const COLORS = {
  text: rgb(0.1, 0.1, 0.12),
  muted: rgb(0.38, 0.38, 0.42),
  rule: rgb(0.75, 0.75, 0.78),
  header: rgb(0.9, 0.91, 0.93),
  pass: rgb(0.8, 0.93, 0.8),
  fail: rgb(0.98, 0.78, 0.76),
  unknown: rgb(1, 0.91, 0.7),
  engineer: rgb(0.8, 0.87, 0.98),
  none: rgb(0.95, 0.95, 0.95),
} as const;

/** Writes flowing content onto A4 pages of a document. */
export class ReportLayout {
  /** Every string drawn, after sanitising, in drawing order. */
  readonly drawn: string[] = [];
  private page: PDFPage;
  private y: number;
  private readonly charsets: Map<PDFFont, ReadonlySet<number>> = new Map();

  constructor(
    private readonly doc: PDFDocument,
    readonly fonts: ReportFonts,
  ) {
    this.page = doc.addPage([PAGE.width, PAGE.height]);
    this.y = PAGE.height - PAGE.margin;
  }

  /** Width available for content. */
  get contentWidth(): number {
    return PAGE.width - 2 * PAGE.margin;
  }

  /** A section heading; starts a new page when too little room is left for a heading and some content. */
  heading(text: string, size = 12): void {
    this.ensure(size + 70);
    this.y -= 8;
    this.line(text, { size, font: this.fonts.bold });
    this.y -= 2;
    this.page.drawLine({
      start: { x: PAGE.margin, y: this.y + 1 },
      end: { x: PAGE.width - PAGE.margin, y: this.y + 1 },
      thickness: 0.5,
      color: COLORS.rule,
    });
    this.y -= 4;
  }

  /** Wrapped text. */
  paragraph(text: string, options: { size?: number; font?: PDFFont; color?: Color; indent?: number } = {}): void {
    const size = options.size ?? 9;
    const font = options.font ?? this.fonts.regular;
    for (const piece of this.wrap(text, font, size, this.contentWidth - (options.indent ?? 0))) {
      this.line(piece, {
        size,
        font,
        ...(options.color ? { color: options.color } : {}),
        ...(options.indent ? { indent: options.indent } : {}),
      });
    }
  }

  /** One unwrapped line of text (callers make sure it fits). */
  line(text: string, options: { size?: number; font?: PDFFont; color?: Color; indent?: number } = {}): void {
    const size = options.size ?? 9;
    const font = options.font ?? this.fonts.regular;
    this.ensure(size * 1.35);
    this.y -= size * 1.35;
    this.draw(text, PAGE.margin + (options.indent ?? 0), this.y + size * 0.3, font, size, options.color ?? COLORS.text);
  }

  /** A filled band with one line of bold text (the verdict). */
  banner(text: string, fill: Color, size = 13): void {
    const height = size * 2.2;
    this.ensure(height + 4);
    this.y -= height;
    this.page.drawRectangle({ x: PAGE.margin, y: this.y, width: this.contentWidth, height, color: fill });
    const fitted = this.fit(text, this.fonts.bold, size, this.contentWidth - 16);
    this.draw(fitted, PAGE.margin + 8, this.y + height / 2 - size * 0.35, this.fonts.bold, size, COLORS.text);
    this.y -= 4;
  }

  /** Label: value rows, the value wrapped beside its label. */
  keyValues(
    rows: readonly (readonly [string, string])[],
    options: { labelWidth?: number; size?: number; monoLabels?: readonly string[] } = {},
  ): void {
    const size = options.size ?? 8.5;
    const labelWidth = options.labelWidth ?? 130;
    for (const [label, value] of rows) {
      const font = options.monoLabels?.includes(label) ? this.fonts.mono : this.fonts.regular;
      const pieces = this.wrap(value, font, size, this.contentWidth - labelWidth);
      pieces.forEach((piece, index) => {
        this.ensure(size * 1.35);
        this.y -= size * 1.35;
        if (index === 0) this.draw(label, PAGE.margin, this.y + size * 0.3, this.fonts.bold, size, COLORS.muted);
        this.draw(piece, PAGE.margin + labelWidth, this.y + size * 0.3, font, size, COLORS.text);
      });
    }
  }

  /** A table whose header repeats on every page it spans; cells wrap within their column. */
  table(columns: readonly Column[], rows: readonly (readonly Cell[])[], size = 7.5): void {
    const padding = 2.5;
    const lineHeight = size * 1.25;
    const drawHeader = (): void => {
      const height = lineHeight + 2 * padding;
      this.y -= height;
      let x = PAGE.margin;
      for (const column of columns) {
        this.page.drawRectangle({
          x,
          y: this.y,
          width: column.width,
          height,
          color: COLORS.header,
          borderColor: COLORS.rule,
          borderWidth: 0.4,
        });
        this.draw(
          this.fit(column.title, this.fonts.bold, size, column.width - 2 * padding),
          x + padding,
          this.y + padding + size * 0.25,
          this.fonts.bold,
          size,
          COLORS.text,
        );
        x += column.width;
      }
    };
    this.ensure(3 * (lineHeight + 2 * padding));
    drawHeader();
    for (const row of rows) {
      const wrapped = columns.map((column, index) => {
        const cell = row[index] ?? { text: '' };
        const font = cell.bold ? this.fonts.bold : column.mono ? this.fonts.mono : this.fonts.regular;
        return { cell, font, lines: this.wrap(cell.text, font, size, column.width - 2 * padding) };
      });
      const height = Math.max(1, ...wrapped.map((entry) => entry.lines.length)) * lineHeight + 2 * padding;
      if (this.y - height < PAGE.margin + FOOTER_SPACE) {
        this.newPage();
        drawHeader();
      }
      this.y -= height;
      let x = PAGE.margin;
      wrapped.forEach((entry, index) => {
        const width = (columns[index] as Column).width;
        this.page.drawRectangle({
          x,
          y: this.y,
          width,
          height,
          ...(entry.cell.fill ? { color: entry.cell.fill } : {}),
          borderColor: COLORS.rule,
          borderWidth: 0.4,
        });
        entry.lines.forEach((text, lineIndex) => {
          this.draw(
            text,
            x + padding,
            this.y + height - padding - (lineIndex + 1) * lineHeight + size * 0.3,
            entry.font,
            size,
            COLORS.text,
          );
        });
        x += width;
      });
    }
    this.y -= 6;
  }

  /** Vertical space. */
  gap(points: number): void {
    this.y -= points;
  }

  /** Writes the footer lines on every page, once all content is laid out. */
  footers(lines: (pageNumber: number, pageCount: number) => readonly { text: string; mono?: boolean }[]): void {
    const pages = this.doc.getPages();
    pages.forEach((page, index) => {
      this.page = page;
      lines(index + 1, pages.length).forEach((entry, lineIndex) => {
        const font = entry.mono ? this.fonts.mono : this.fonts.regular;
        this.draw(
          this.fit(entry.text, font, 6.5, this.contentWidth),
          PAGE.margin,
          PAGE.margin - 4 - lineIndex * 9,
          font,
          6.5,
          COLORS.muted,
        );
      });
    });
  }

  private newPage(): void {
    this.page = this.doc.addPage([PAGE.width, PAGE.height]);
    this.y = PAGE.height - PAGE.margin;
  }

  private ensure(height: number): void {
    if (this.y - height < PAGE.margin + FOOTER_SPACE) this.newPage();
  }

  private draw(text: string, x: number, y: number, font: PDFFont, size: number, color: Color): void {
    const safe = this.sanitize(text, font);
    if (safe.length === 0) return;
    this.drawn.push(safe);
    this.page.drawText(safe, { x, y, size, font, color });
  }

  /** Replaces what the font cannot show (standard fonts are WinAnsi) and control characters with "?" / spaces. */
  sanitize(text: string, font: PDFFont): string {
    let charset = this.charsets.get(font);
    if (charset === undefined) {
      charset = new Set(font.getCharacterSet());
      this.charsets.set(font, charset);
    }
    let out = '';
    for (const char of text) {
      const code = char.codePointAt(0) ?? 0;
      if (code < 0x20 || code === 0x7f) out += ' ';
      else out += charset.has(code) ? char : '?';
    }
    return out;
  }

  private fit(text: string, font: PDFFont, size: number, width: number): string {
    const safe = this.sanitize(text, font);
    if (font.widthOfTextAtSize(safe, size) <= width) return safe;
    let cut = safe;
    while (cut.length > 0 && font.widthOfTextAtSize(`${cut}...`, size) > width) cut = cut.slice(0, -1);
    return `${cut}...`;
  }

  /** Splits text into lines no wider than `width`: at spaces when possible, anywhere when a word is too long. */
  private wrap(text: string, font: PDFFont, size: number, width: number): string[] {
    const safe = this.sanitize(text, font);
    const lines: string[] = [];
    let current = '';
    const fits = (candidate: string): boolean => font.widthOfTextAtSize(candidate, size) <= width;
    for (const word of safe.split(' ')) {
      const candidate = current === '' ? word : `${current} ${word}`;
      if (fits(candidate)) {
        current = candidate;
        continue;
      }
      if (current !== '') lines.push(current);
      current = '';
      let rest = word;
      while (!fits(rest) && rest.length > 1) {
        let cut = rest.length - 1;
        while (cut > 1 && !fits(rest.slice(0, cut))) cut -= 1;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      current = rest;
    }
    if (current !== '' || lines.length === 0) lines.push(current);
    return lines;
  }
}
