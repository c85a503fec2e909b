import { loadConnectorsConfig } from '../../../src/connectors/connectors-config';

describe('connectors config', () => {
  it('has no public URL by default: polling only', () => {
    expect(loadConnectorsConfig({}).publicUrl).toBeNull();
    expect(loadConnectorsConfig({ CONNECTOR_PUBLIC_URL: '  ' }).publicUrl).toBeNull();
  });

  it('takes CONNECTOR_PUBLIC_URL without its trailing slash', () => {
    expect(
      loadConnectorsConfig({ CONNECTOR_PUBLIC_URL: 'https://zatca.example.com/' }).publicUrl,
    ).toBe('https://zatca.example.com');
    expect(
      loadConnectorsConfig({ CONNECTOR_PUBLIC_URL: 'http://10.0.0.5:3000/bridge' }).publicUrl,
    ).toBe('http://10.0.0.5:3000/bridge');
  });

  it('refuses a CONNECTOR_PUBLIC_URL that is not a base URL, naming it', () => {
    for (const bad of ['zatca.example.com', 'ftp://x', 'https://x/?a=1', 'https://']) {
      expect(() => loadConnectorsConfig({ CONNECTOR_PUBLIC_URL: bad })).toThrow(
        /^CONNECTOR_PUBLIC_URL: the base URL ERPs reach this host at/,
      );
    }
  });
});
