import { t } from '$lib/i18n/context';
import type { MessageKey } from '$lib/i18n';

export const levelName = (level: string) => t(`level.${level}` as MessageKey);
