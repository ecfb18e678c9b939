import { label } from '$lib/i18n/context';

export const levelName = (level: string) => label('level', level);
