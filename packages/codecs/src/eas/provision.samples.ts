/** MS-ASPROV Provision bodies for tests (as in test/contract/eas-provision), good and hostile. */
export const PROVISION_SAMPLES = {
  serverResponse: `<?xml version="1.0" encoding="utf-8"?>
<Provision xmlns="Provision">
  <Status>1</Status>
  <Policies><Policy><PolicyType>MS-EAS-Provisioning-WBXML</PolicyType><Status>5</Status></Policy></Policies>
</Provision>`,
  clientAcknowledgment: `<?xml version="1.0" encoding="utf-8"?>
<Provision xmlns="Provision" xmlns:settings="Settings">
  <settings:DeviceInformation>
    <settings:Set><settings:Model>SM-S918B</settings:Model><settings:IMEI>356938035643809</settings:IMEI></settings:Set>
  </settings:DeviceInformation>
  <Policies>
    <Policy><PolicyType>MS-EAS-Provisioning-WBXML</PolicyType><PolicyKey>1307199584</PolicyKey><Status>2</Status></Policy>
  </Policies>
</Provision>`,
  remoteWipe:
    '<?xml version="1.0" encoding="utf-8"?>\n<Provision xmlns="Provision"><RemoteWipe><Status>2</Status></RemoteWipe></Provision>',
  doctype:
    '<?xml version="1.0"?><!DOCTYPE Provision [<!ENTITY x "y">]><Provision><Status>&x;</Status></Provision>',
  malformed: '<Provision><Status>1</Status>',
  tooDeep: `<Provision>${'<a>'.repeat(40)}${'</a>'.repeat(40)}<Status>1</Status></Provision>`,
} as const;
