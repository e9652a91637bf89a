// User-visible text of the offline, install, update, storage and backup features: Italian first, English beside it.
// Placeholders are {name}; a count that changes the words is {count:singolare|plurale}, chosen by Intl.PluralRules.
import type { LocalizedText } from '../model/errors.ts';
import { plural, type Lang } from './strings.ts';

export type { Lang };

export const PWA_STRINGS = {
  it: {
    offlineReady: 'Pronto per l’uso offline',
    offlineReadyDetail: 'Quadro ora si apre e salva anche senza rete.',
    updateAvailable: 'Nuova versione disponibile',
    updateApply: 'Aggiorna',
    updateApplying: 'Salvataggio e aggiornamento…',
    updatedElsewhere: 'Quadro è stato aggiornato in un’altra scheda',
    reload: 'Ricarica',
    dismiss: 'Chiudi',
    online: 'In linea',
    offline: 'Offline — le modifiche restano sul dispositivo',
    offlineShort: 'Offline',
    installTitle: 'Installa Quadro',
    installButton: 'Installa',
    installWhy:
      'Installata, Quadro si apre come un’app e il browser conserva i dati anche se non la usi per un po’.',
    iosInstallTitle: 'Aggiungi Quadro alla schermata Home',
    iosInstallSteps: 'Tocca Condividi, poi «Aggiungi alla schermata Home».',
    iosShare: 'Condividi',
    iosAddToHome: 'Aggiungi alla schermata Home',
    iosInstallWhy:
      'Safari cancella i dati di un sito dopo 7 giorni senza utilizzo, ma non quelli di un’app aggiunta alla schermata Home.',
    iosMoveData:
      'L’app installata ha un archivio separato da Safari: prima «Esporta tutto» qui, poi «Ripristina» nell’app installata.',
    storageTitle: 'Archivio',
    storagePersisted: 'Archivio permanente: il browser non cancellerà i dati per fare spazio.',
    storageNotPersisted: 'Archivio non permanente: il browser potrebbe cancellare i dati se manca spazio. Fai backup regolari.',
    storageUnsupported: 'Questo browser non dice se conserva i dati: fai backup regolari.',
    storageAskPersist: 'Chiedi archivio permanente',
    storageUsage: 'Spazio usato: {usage} di {quota} disponibili',
    storageUsageUnknown: 'Spazio usato: non disponibile',
    dataLostTitle: 'I dati salvati su questo dispositivo non ci sono più',
    dataLostDetail:
      'Quadro era già stato usato qui, ma l’archivio è vuoto: il browser può averlo cancellato. Ripristina l’ultimo backup con «Ripristina».',
    reminderTitle: 'Modifiche non salvate altrove da {days:giorno|giorni}',
    reminderDetail: 'Le modifiche esistono solo su questo tablet. Usa «Esporta tutto» per tenerne una copia.',
    reminderDays: 'Promemoria dopo (giorni, 0 = mai)',
    lastBackup: 'Ultimo backup: {at}',
    lastBackupNever: 'Nessun backup fatto su questo dispositivo',
    backupTitle: 'Backup completo',
    backupExport: 'Esporta tutto',
    backupExportDone: 'Backup salvato: {file}',
    backupRestore: 'Ripristina',
    backupChooseFile: 'Scegli un file di backup…',
    backupHolds: 'Il backup del {at} contiene:',
    backupPlanLine: '{name}: {areas:area|aree}, {rows:riga|righe}',
    backupChanges: '{count:modifica|modifiche} nella cronologia',
    backupReplace: 'Sostituisci tutto',
    backupReplaceDetail: 'I piani di questo dispositivo vengono sostituiti da quelli del backup.',
    backupAdd: 'Aggiungi',
    backupAddDetail: 'I piani del backup si aggiungono a quelli presenti; un piano già presente diventa una copia.',
    backupCancel: 'Annulla',
    backupRestored: 'Ripristino completato: {count:piano|piani}.',
    backupCopySuffix: ' (dal backup)',
    backupFailed: 'Ripristino non riuscito: non è stato modificato nulla. ({detail})',
    dbUpgradeNotice: 'Quadro è stato aggiornato in un’altra scheda: la pagina è stata ricaricata, le modifiche sono salve.',
    appVersion: 'Quadro, versione {version}',
    dbBlocked: 'Un’altra scheda di Quadro con una versione precedente impedisce l’aggiornamento dei dati: chiudila o ricaricala.',
  },
  en: {
    offlineReady: 'Ready to work offline',
    offlineReadyDetail: 'Quadro now opens and saves without a network.',
    updateAvailable: 'New version available',
    updateApply: 'Update',
    updateApplying: 'Saving and updating…',
    updatedElsewhere: 'Quadro was updated in another tab',
    reload: 'Reload',
    dismiss: 'Close',
    online: 'Online',
    offline: 'Offline — changes stay on this device',
    offlineShort: 'Offline',
    installTitle: 'Install Quadro',
    installButton: 'Install',
    installWhy: 'Installed, Quadro opens like an app and the browser keeps its data even when you do not use it for a while.',
    iosInstallTitle: 'Add Quadro to the Home Screen',
    iosInstallSteps: 'Tap Share, then “Add to Home Screen”.',
    iosShare: 'Share',
    iosAddToHome: 'Add to Home Screen',
    iosInstallWhy: 'Safari deletes a website’s data after 7 days without use, but not the data of an app added to the Home Screen.',
    iosMoveData:
      'The installed app has storage separate from Safari: first “Export everything” here, then “Restore” in the installed app.',
    storageTitle: 'Storage',
    storagePersisted: 'Persistent storage: the browser will not delete the data to free space.',
    storageNotPersisted: 'Storage not persistent: the browser may delete the data when space runs low. Back up regularly.',
    storageUnsupported: 'This browser does not say whether it keeps the data: back up regularly.',
    storageAskPersist: 'Ask for persistent storage',
    storageUsage: 'Space used: {usage} of {quota} available',
    storageUsageUnknown: 'Space used: not available',
    dataLostTitle: 'The data saved on this device is gone',
    dataLostDetail:
      'Quadro was used here before, but its storage is empty: the browser may have deleted it. Restore your latest backup with “Restore”.',
    reminderTitle: 'Changes not saved elsewhere for {days:day|days}',
    reminderDetail: 'Your changes exist only on this tablet. Use “Export everything” to keep a copy.',
    reminderDays: 'Remind after (days, 0 = never)',
    lastBackup: 'Last backup: {at}',
    lastBackupNever: 'No backup made on this device',
    backupTitle: 'Full backup',
    backupExport: 'Export everything',
    backupExportDone: 'Backup saved: {file}',
    backupRestore: 'Restore',
    backupChooseFile: 'Choose a backup file…',
    backupHolds: 'The backup of {at} holds:',
    backupPlanLine: '{name}: {areas:area|areas}, {rows:row|rows}',
    backupChanges: '{count:change|changes} in the history',
    backupReplace: 'Replace everything',
    backupReplaceDetail: 'The plans on this device are replaced by those in the backup.',
    backupAdd: 'Add',
    backupAddDetail: 'The backup’s plans join those already here; a plan already here becomes a copy.',
    backupCancel: 'Cancel',
    backupRestored: 'Restore complete: {count:plan|plans}.',
    backupCopySuffix: ' (from backup)',
    backupFailed: 'Restore failed: nothing was changed. ({detail})',
    dbUpgradeNotice: 'Quadro was updated in another tab: the page was reloaded, your changes are safe.',
    appVersion: 'Quadro, version {version}',
    dbBlocked: 'Another Quadro tab running an older version is blocking the data upgrade: close or reload it.',
  },
} as const satisfies Record<Lang, Record<string, string>>;

export type PwaStringKey = keyof (typeof PWA_STRINGS)['it'];

/** The message for a storage-full error (QuotaExceededError, also wrapped in an AbortError). */
export const QUOTA_EXCEEDED_MESSAGE: LocalizedText = {
  it: 'Spazio di archiviazione esaurito: la modifica non è stata salvata ed è ancora nella cella. Esporta tutto, poi libera spazio sul dispositivo (o elimina piani che non usi) e riprova.',
  en: 'Storage is full: the change was not saved and is still in the cell. Export everything, then free space on the device (or delete plans you do not use) and try again.',
};

/** Looks up a string and fills its {placeholders}, and {count:one|other} with the plural form for the count. */
export function pwaText(lang: Lang, key: PwaStringKey, values: Record<string, string | number> = {}): string {
  return PWA_STRINGS[lang][key].replace(/\{(\w+)(?::([^|}]*)\|([^}]*))?\}/g, (match, name: string, one?: string, other?: string) => {
    if (!(name in values)) return match;
    const value = values[name];
    if (one === undefined || other === undefined) return String(value);
    return plural(lang, Number(value), one, other);
  });
}
