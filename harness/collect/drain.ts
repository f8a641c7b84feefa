/** Draining SDK paginators: every collector that lists pages the same way uses this. */

/** Drains an SDK paginator, collecting one list field of every page. */
export async function drain<Page, Item>(pages: AsyncIterable<Page>, pick: (page: Page) => Item[] | undefined): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of pages) items.push(...(pick(page) ?? []));
  return items;
}
