// dmn-moddle ships no types; this is the part of its API the rules engine uses.
declare module 'dmn-moddle' {
  export interface ModdleElement {
    readonly $type: string;
    [property: string]: unknown;
  }
  export interface ParseResult {
    readonly rootElement: ModdleElement;
    readonly warnings: readonly { readonly message: string }[];
  }
  export class DmnModdle {
    fromXML(xml: string, type?: string): Promise<ParseResult>;
    toXML(element: ModdleElement, options?: { format?: boolean }): Promise<{ xml: string }>;
    create(type: string, properties?: Record<string, unknown>): ModdleElement;
  }
}
