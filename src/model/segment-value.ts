/**
 * The values a segment series takes besides the data's own: shared by the store (which
 * reads rows' plans) and the engine (which selects rows by them).
 */

/** The value that stands for "no value" in filters and in `--by` series. */
export const NONE = '(none)';

/** The `--by plan` series of a usage line without a plan of its own. */
export const USAGE = 'usage';
