// The resource types Rosetta reads (OMA LwM2M registry: Object 3 Device v1.0, Object 5 Firmware Update v1.0/1.1,
// Object 9 Software Management v1.0).
// TLV and text carry no type, so decoding needs the model; anything not listed decodes as opaque bytes / raw text.
export type ResourceType = 'integer' | 'string' | 'boolean' | 'opaque';

export const RESOURCE_TYPES: Record<string, ResourceType> = {
  '3/0': 'string', // Manufacturer
  '3/1': 'string', // Model Number
  '3/2': 'string', // Serial Number
  '3/3': 'string', // Firmware Version
  '3/9': 'integer', // Battery Level
  '3/13': 'integer', // Current Time (time, as integer seconds)
  '3/17': 'string', // Device Type
  '3/18': 'string', // Hardware Version
  '3/19': 'string', // Software Version
  '5/0': 'opaque', // Package
  '5/1': 'string', // Package URI
  '5/3': 'integer', // State
  '5/5': 'integer', // Update Result
  '5/6': 'string', // PkgName
  '5/7': 'string', // PkgVersion
  '5/9': 'integer', // Firmware Update Delivery Method
  '9/0': 'string', // PkgName
  '9/1': 'string', // PkgVersion
  '9/2': 'opaque', // Package
  '9/3': 'string', // Package URI
  '9/7': 'integer', // Update State
  '9/8': 'boolean', // Update Supported Objects
  '9/9': 'integer', // Update Result
  '9/12': 'boolean', // Activation State
};

/** "/5/0/3" → the model key "5/3" (object/resource). */
export function resourceType(path: string): ResourceType | undefined {
  const [object, , resource] = path.split('/').filter(Boolean);
  return RESOURCE_TYPES[`${object}/${resource}`];
}

/** The type of resource `resource` of object `object` ("5", 3 → integer), for a decoder that knows both. */
export function typeOfResource(object: string | undefined, resource: number): ResourceType | undefined {
  return RESOURCE_TYPES[`${object}/${resource}`];
}

export type Lwm2mValue = number | string | boolean | Uint8Array;
/** Decoded content: path (e.g. /5/0/3) → value. */
export type Lwm2mResources = Map<string, Lwm2mValue>;
