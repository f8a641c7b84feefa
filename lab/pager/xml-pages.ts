/**
 * Cuts a whole XML listing into one page: the list elements of the answer keep only
 * the entries of the window, and the answer says whether more follow, in the
 * service's own words (EC2's `nextToken`, IAM's `IsTruncated` and `Marker`, Route 53's
 * `NextToken`). Several lists in one answer (IAM's GetAccountAuthorizationDetails
 * returns users, groups, roles and policies) share one window over their concatenation,
 * in document order, as AWS pages that operation.
 *
 * The answer is parsed and rebuilt with fast-xml-parser in order-preserving mode, values
 * and entities untouched, so everything outside the lists reaches the SDK as moto wrote it.
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';

const XML_OPTIONS = {
  preserveOrder: true,
  ignoreAttributes: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  trimValues: false,
} as const;

/** An element in fast-xml-parser's order-preserving form: `{ name: children, ':@'?: attributes }`. */
type XmlNode = Record<string, unknown>;

const parser = new XMLParser(XML_OPTIONS);
const builder = new XMLBuilder({ ...XML_OPTIONS, suppressEmptyNode: true });

function nameOf(node: XmlNode): string {
  return Object.keys(node).find((key) => key !== ':@')!;
}
function childrenOf(node: XmlNode): XmlNode[] {
  return node[nameOf(node)] as XmlNode[];
}
function isElement(node: XmlNode): boolean {
  const name = nameOf(node);
  return name !== '#text' && !name.startsWith('?');
}
function textElement(name: string, text: string): XmlNode {
  return { [name]: [{ '#text': text }] };
}

/** How one service's XML listings are laid out. */
export interface XmlListing {
  /** The element holding the lists and the paging fields, from the document's root element. */
  container(root: XmlNode): XmlNode;
  /** Whether a child of the container is one of the lists. */
  isList(name: string): boolean;
  /** The container's paging fields for a page: the ones to drop, and the ones to add. */
  pagingFields: readonly string[];
  paging(nextToken: string | undefined, pageSize: number): XmlNode[];
}

/** EC2's Describe* answers: lists (`vpcSet`, `securityGroupInfo`…) under the root, then `nextToken`. */
export const EC2_LISTING: XmlListing = {
  container: (root) => root,
  isList: (name) => name !== 'requestId' && name !== 'nextToken',
  pagingFields: ['nextToken'],
  paging: (nextToken) => (nextToken ? [textElement('nextToken', nextToken)] : []),
};

/** IAM's query answers: lists under `<Operation>Result`, then `IsTruncated` and `Marker`. */
export const IAM_LISTING: XmlListing = {
  container: (root) => childrenOf(root).find((child) => nameOf(child).endsWith('Result'))!,
  isList: (name) => name !== 'IsTruncated' && name !== 'Marker',
  pagingFields: ['IsTruncated', 'Marker'],
  paging: (nextToken) => [textElement('IsTruncated', nextToken ? 'true' : 'false'), ...(nextToken ? [textElement('Marker', nextToken)] : [])],
};

/** Route 53's ListHostedZonesByVPC: `HostedZoneSummaries` under the root, then `MaxItems` and `NextToken`. */
export const ROUTE53_BY_VPC_LISTING: XmlListing = {
  container: (root) => root,
  isList: (name) => name === 'HostedZoneSummaries',
  pagingFields: ['MaxItems', 'NextToken'],
  paging: (nextToken, pageSize) => [textElement('MaxItems', String(pageSize)), ...(nextToken ? [textElement('NextToken', nextToken)] : [])],
};

/** A whole listing, parsed once and cut into pages on demand. */
export class XmlSnapshot {
  readonly #document: XmlNode[];
  readonly #listing: XmlListing;
  /** Every entry of every list, in document order, with the list it belongs to. */
  readonly #entries: { list: string; node: XmlNode }[];

  /** Parses moto's whole answer; undefined when it has no container the listing describes. */
  static parse(body: string, listing: XmlListing): XmlSnapshot | undefined {
    const document = parser.parse(body) as XmlNode[];
    const root = document.find(isElement);
    if (!root) return undefined;
    const container = listing.container(root);
    return container ? new XmlSnapshot(document, listing, container) : undefined;
  }

  private constructor(document: XmlNode[], listing: XmlListing, container: XmlNode) {
    this.#document = document;
    this.#listing = listing;
    this.#entries = childrenOf(container)
      .filter((child) => isElement(child) && listing.isList(nameOf(child)))
      .flatMap((list) =>
        childrenOf(list)
          .filter(isElement)
          .map((node) => ({ list: nameOf(list), node })),
      );
  }

  /** How many entries the lists hold together. */
  get size(): number {
    return this.#entries.length;
  }

  /** The answer for entries [offset, offset + pageSize), saying `nextToken` when more follow. */
  page(offset: number, pageSize: number, nextToken: string | undefined): string {
    const window = this.#entries.slice(offset, offset + pageSize);
    const container = this.#listing.container(this.#document.find(isElement)!);
    const original = childrenOf(container);
    // The page is built by swapping the container's children in and back: nothing is copied, and build() is synchronous.
    const kept = original.filter((child) => !this.#listing.pagingFields.includes(nameOf(child)));
    const paged = kept.map((child) => {
      if (!isElement(child) || !this.#listing.isList(nameOf(child))) return child;
      const name = nameOf(child);
      return { ...child, [name]: window.filter((entry) => entry.list === name).map((entry) => entry.node) };
    });
    container[nameOf(container)] = [...paged, ...this.#listing.paging(nextToken, pageSize)];
    try {
      return builder.build(this.#document) as string;
    } finally {
      container[nameOf(container)] = original;
    }
  }
}
