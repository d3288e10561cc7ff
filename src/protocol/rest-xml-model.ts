// The parts of a botocore model that only rest-xml (S3) uses, on top of core/model.ts: where each
// member travels (uri, querystring, header, headers prefix, statusCode, payload), XML names,
// flattened lists, attributes and namespaces, and the routes of every operation of the model (see
// scripts/extract-models.mjs). https://smithy.io/2.0/aws/protocols/aws-restxml-protocol.html
import type { Model, Shape, ShapeRef } from '../core/model.js';

export type Location = 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode';

export interface MemberRef extends ShapeRef {
  location?: Location;
  locationName?: string;
  flattened?: boolean;
  xmlAttribute?: boolean;
  xmlNamespace?: { uri: string; prefix?: string };
  streaming?: boolean;
  timestampFormat?: 'iso8601' | 'rfc822' | 'unixTimestamp';
}

export interface XmlShape extends Omit<Shape, 'members' | 'member'> {
  members?: Record<string, MemberRef>;
  member?: MemberRef;
  /** The member that is the whole HTTP body. */
  payload?: string;
  flattened?: boolean;
  timestampFormat?: 'iso8601' | 'rfc822' | 'unixTimestamp';
  xmlNamespace?: { uri: string; prefix?: string };
  locationName?: string;
}

export interface Route {
  method: string;
  requestUri: string;
  /** Required members that tell operations with one URI apart: `q:uploadId`, `h:x-amz-copy-source`. */
  qualifiers: string[];
}

export interface XmlModel extends Omit<Model, 'shapes' | 'operations'> {
  shapes: Record<string, XmlShape>;
  operations: Record<string, Model['operations'][string] & { http: { method: string; requestUri: string; responseCode?: number } }>;
  routes: Record<string, Route>;
}

export const asXmlModel = (model: Model): XmlModel => model as unknown as XmlModel;

export function shapeOf(model: XmlModel, ref: { shape: string }): XmlShape {
  return model.shapes[ref.shape];
}
