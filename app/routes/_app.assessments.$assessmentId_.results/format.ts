/** How the results page writes its numbers: whole points, whole percentages, a dash for none. */
export const round = (n: number | null | undefined) => (n === null || n === undefined ? "—" : String(Math.round(n)));
export const percent = (n: number | null | undefined) => (n === null || n === undefined ? "—" : `${Math.round(n * 100)} %`);
