// Chromium offers installing the app through `beforeinstallprompt`; the event can fire on any page, so
// the root layout imports this module to catch it, and the hint on /learn offers it when it came.

/** The event Chromium fires when the app may be installed (not in TypeScript's DOM library). */
export interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
  readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

const DISMISSED = 'kindred-install-dismissed';

export const install = $state<{ offer: BeforeInstallPromptEvent | null }>({ offer: null });

if (typeof window !== 'undefined') {
  window.addEventListener('beforeinstallprompt', (event) => {
    // Not the browser's own mini-bar: the hint on /learn says why, and the volunteer may say "not now".
    event.preventDefault();
    install.offer = event as BeforeInstallPromptEvent;
  });
  window.addEventListener('appinstalled', () => (install.offer = null));
}

export const installDismissed = () => localStorage.getItem(DISMISSED) === '1';
export const dismissInstall = () => localStorage.setItem(DISMISSED, '1');
