import { Injectable } from '@nestjs/common';
import { CE_CATEGORIES, DEFAULT_CE_PERIOD_MONTHS, DEFAULT_CE_QUOTAS, DEFAULT_PRACTICE_QUOTAS, DEFAULT_PRACTICE_TARGET, PRACTICE_CATEGORIES } from './categories.js';

export interface CategoryOption {
  id: string;
  label: string;
}

export interface Quotas {
  total: number | null;
  categories: Record<string, number>;
  source: string;
}

const label = (id: string) => id.charAt(0).toUpperCase() + id.slice(1).replace(/-/g, ' ');

/**
 * What the ledger needs from the pathway definitions: the categories that may be logged, the quotas shown
 * as progress bars, and the CE category a Kindred course counts toward.
 */
@Injectable()
export class LedgerRules {
  practiceCategories(): CategoryOption[] {
    return PRACTICE_CATEGORIES.map((id) => ({ id, label: label(id) }));
  }

  ceCategories(): CategoryOption[] {
    return CE_CATEGORIES.map((id) => ({ id, label: label(id) }));
  }

  practiceQuotas(): Quotas {
    return { total: DEFAULT_PRACTICE_TARGET, categories: DEFAULT_PRACTICE_QUOTAS, source: 'default' };
  }

  ceQuotas(): Quotas & { periodMonths: number } {
    return { total: Object.values(DEFAULT_CE_QUOTAS).reduce((a, b) => a + b, 0), categories: DEFAULT_CE_QUOTAS, source: 'default', periodMonths: DEFAULT_CE_PERIOD_MONTHS };
  }

  /** The CE category of a Kindred course: the course's front matter `category`, else peer-specific. */
  courseCategory(_courseSlug: string, frontMatter: string | undefined): string {
    const known = this.ceCategories().map((c) => c.id);
    return frontMatter && known.includes(frontMatter) ? frontMatter : 'peer-specific';
  }
}
