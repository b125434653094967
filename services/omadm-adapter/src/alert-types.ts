/** SyncML Alert code of a Generic Alert (OMA-TS-DM_Protocol §8.7): the command that carries FUMO/SCOMO results. */
export const GENERIC_ALERT = '1226';
/** FUMO State node: ./FwUpdate/<x>/State (values 10–100). */
export const FUMO_STATE_URI = /(^|\/)FwUpdate\/[^/]+\/State$/;
/** Formats a FUMO/SCOMO result may use in Data. */
export const RESULT_FORMATS = ['int', 'chr'];
