// The team sync's words (issue 22), Italian first, English beside it: loaded with the sync's own chunk, so the first
// screen does not carry them (only "Sincronizzazione…" in the plan menu is in strings.ts).
import { plural, type Lang } from './strings.ts';

const countIt = (n: number, one: string, other: string): string => plural('it', n, one, other);
const countEn = (n: number, one: string, other: string): string => plural('en', n, one, other);

const it = {
  syncTitle: 'Sincronizzazione con il server della squadra',
  syncIntro: 'Questo piano può essere condiviso con i colleghi attraverso un server CouchDB dell’agenzia. Senza rete le modifiche restano sul tablet e partono al ritorno della rete.',
  syncServer: 'Indirizzo del server',
  syncServerHint: 'https://… (per prove: http://localhost)',
  syncDatabase: 'Database di questo piano',
  syncUser: 'Utente',
  syncPassword: 'Password',
  syncPasswordKept: 'La password resta solo su questo tablet: non entra nelle esportazioni, nei backup né nei registri.',
  syncConnect: 'Collega e sincronizza',
  syncNow: 'Sincronizza ora',
  syncDisconnect: 'Disconnetti',
  syncConfirmDisconnect: 'Disconnettere questo piano dal server? Utente, password e stato della sincronizzazione vengono dimenticati su questo tablet; il piano resta com’è.',
  syncCreateDatabase: 'Crea il database',
  syncOff: 'Sincronizzazione spenta',
  syncRunning: 'Sincronizzazione…',
  syncNever: 'Non ancora sincronizzato',
  syncedAt: (time: string) => `Sincronizzato alle ${time}`,
  syncPending: (n: number) => countIt(n, 'modifica da inviare', 'modifiche da inviare'),
  syncQuestions: (n: number) => countIt(n, 'domanda', 'domande'),
  syncConflictsTitle: 'Cambiati da entrambe le parti',
  syncConflictsIntro: 'Queste celle sono state cambiate qui e sul server. Finché non scegli, qui resta il tuo testo e non viene inviato.',
  syncMine: 'Tieni la mia',
  syncTheirs: 'Prendi quella del server',
  syncBoth: 'Tieni entrambe',
  syncKeepRecord: 'Tienila',
  syncDeleteRecord: 'Eliminala',
  syncRestoreRecord: 'Ripristinala',
  syncStayDeleted: 'Lasciala eliminata',
  syncApply: 'Applica le scelte',
  syncMineLabel: 'Tuo testo',
  syncTheirsLabel: (by: string) => (by ? `Sul server (${by})` : 'Sul server'),
  syncEditVsDelete: 'Hai cambiato questa riga, ma sul server è stata eliminata.',
  syncDeleteVsEdit: 'Hai eliminato questa riga, ma sul server è stata cambiata.',
  syncWhere: (where: string) => `Dove: ${where}`,
  syncNotAllowedHere: 'Questa installazione di Quadro non ha server di sincronizzazione ammessi: chiedi all’amministratore.',
  syncClose: 'Chiudi',
  syncWaitingNetwork: 'in attesa della rete',
  syncDownloadPlan: 'Scarica quel piano su questo tablet',
};

export type SyncStrings = typeof it;

const en: SyncStrings = {
  syncTitle: "Sync with the team's server",
  syncIntro: "This plan can be shared with colleagues through the agency's CouchDB server. Without a network the changes stay on the tablet and go when the network is back.",
  syncServer: 'Server address',
  syncServerHint: 'https://… (for testing: http://localhost)',
  syncDatabase: "This plan's database",
  syncUser: 'User',
  syncPassword: 'Password',
  syncPasswordKept: 'The password stays on this tablet only: it never goes into exports, backups or logs.',
  syncConnect: 'Connect and sync',
  syncNow: 'Sync now',
  syncDisconnect: 'Disconnect',
  syncConfirmDisconnect: "Disconnect this plan from the server? User, password and the sync's state are forgotten on this tablet; the plan stays as it is.",
  syncCreateDatabase: 'Create the database',
  syncOff: 'Sync off',
  syncRunning: 'Syncing…',
  syncNever: 'Not synced yet',
  syncedAt: (time: string) => `Synced at ${time}`,
  syncPending: (n: number) => countEn(n, 'change to send', 'changes to send'),
  syncQuestions: (n: number) => countEn(n, 'question', 'questions'),
  syncConflictsTitle: 'Changed on both sides',
  syncConflictsIntro: 'These cells were changed here and on the server. Until you choose, your text stays here and is not sent.',
  syncMine: 'Keep mine',
  syncTheirs: "Take the server's",
  syncBoth: 'Keep both',
  syncKeepRecord: 'Keep it',
  syncDeleteRecord: 'Delete it',
  syncRestoreRecord: 'Restore it',
  syncStayDeleted: 'Leave it deleted',
  syncApply: 'Apply the choices',
  syncMineLabel: 'Your text',
  syncTheirsLabel: (by: string) => (by ? `On the server (${by})` : 'On the server'),
  syncEditVsDelete: 'You changed this row, but it was deleted on the server.',
  syncDeleteVsEdit: 'You deleted this row, but it was changed on the server.',
  syncWhere: (where: string) => `Where: ${where}`,
  syncNotAllowedHere: 'This installation of Quadro has no allowed sync servers: ask the administrator.',
  syncClose: 'Close',
  syncWaitingNetwork: 'waiting for the network',
  syncDownloadPlan: 'Download that plan to this tablet',
};

export function syncStrings(lang: Lang): SyncStrings {
  return lang === 'en' ? en : it;
}
