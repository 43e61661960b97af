const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a value can be a row's id: anything else is refused before it reaches a query. */
export const isUuid = (value: string): boolean => UUID.test(value);
