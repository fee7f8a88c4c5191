/** The largest value a PostgreSQL `integer` column (and so any seq or count filter) can hold. */
export const MAX_INT4 = 2_147_483_647;
