// Unusual but valid configuration files, each written as LF text plus the style it is stored in.
// They follow the shapes of kl_feed_service.conf / kl_feed_util.conf (lab/trees) with one oddity each.

/** One corpus file. */
export interface CorpusCase {
  readonly name: string;
  readonly text: string;
  readonly eol?: '\n' | '\r\n';
  readonly bom?: boolean;
}

const LONG_VALUE = `%REQ% ${'x'.repeat(120_000)}`;

const CASES = {
  comments: {
    name: 'comments inside the edited parent',
    text: [
      '<?xml version="1.0" encoding="utf-8"?>',
      '<!-- top comment -->',
      '<Configuration>',
      '  <OutputSettings>',
      '    <!-- the SIEM connection -->',
      '    <ConnectionString>127.0.0.1:9998</ConnectionString>',
      '    <!-- <AlertFormat>commented out</AlertFormat> -->',
      '    <EventFormat>%REQ% category=%Category%</EventFormat> <!-- trailing -->',
      '  </OutputSettings>',
      '</Configuration>',
      '',
    ].join('\n'),
  },
  cdata: {
    name: 'CDATA values',
    text: [
      '<Configuration>',
      '  <OutputSettings>',
      '    <ActionableFieldContextFormat><![CDATA[ %ParamName%:%ParamValue%]]></ActionableFieldContextFormat>',
      '    <RecordFieldContextFormat>%ParamName%=%ParamValue%</RecordFieldContextFormat>',
      '  </OutputSettings>',
      '</Configuration>',
      '',
    ].join('\n'),
  },
  singleQuotes: {
    name: 'single-quoted attributes',
    text: [
      "<Configuration version='5'>",
      '  <RegExps>',
      "    <Source id='default'>",
      "      <REQ type='CONTEXT'>^(\\d+)\\s</REQ>",
      "      <RE_URL type='URL' extract='all'>\\b(https?://[^\\s\"]+)</RE_URL>",
      '    </Source>',
      '  </RegExps>',
      '</Configuration>',
      '',
    ].join('\n'),
  },
  selfClosing: {
    name: 'self-closing parents',
    text: [
      '<Configuration>',
      '  <InputSettings>',
      '    <RegExps>',
      '      <Source id="default"/>',
      '    </RegExps>',
      '  </InputSettings>',
      '  <Domains/>',
      '  <LookupSettings />',
      '  <Empty></Empty>',
      '</Configuration>',
      '',
    ].join('\n'),
  },
  tabs: {
    name: 'tabs for indentation',
    text: [
      '<Configuration>',
      '\t<OutputSettings>',
      '\t\t<EventSettings>',
      '\t\t\t<EventFormat>%REQ% %Category%</EventFormat>',
      '\t\t</EventSettings>',
      '\t</OutputSettings>',
      '\t<Domains/>',
      '</Configuration>',
      '',
    ].join('\n'),
  },
  crlfBom: {
    name: 'CRLF line endings and a BOM',
    eol: '\r\n',
    bom: true,
    text: [
      '<?xml version="1.0" encoding="utf-8"?>',
      '<Settings>',
      '  <EULA>accepted</EULA>',
      '  <Feeds>',
      '    <Feed enabled="true">',
      '      <Name>Malicious_URL_Data_Feed</Name>',
      '    </Feed>',
      '  </Feeds>',
      '  <FeedsDir>..\\feeds</FeedsDir>',
      '</Settings>',
      '',
    ].join('\n'),
  },
  nonAscii: {
    name: 'non-ASCII text (Cyrillic, emoji)',
    text: [
      '<Configuration>',
      '  <Domains>',
      '    <Domain name="Филиал 🚀" id="2">',
      '      <Description>Тенант по умолчанию — 😀 ещё</Description>',
      '      <Feeds/>',
      '    </Domain>',
      '  </Domains>',
      '  <ServiceSettings>',
      '    <FeedsRollbackEnabled>true</FeedsRollbackEnabled>',
      '  </ServiceSettings>',
      '</Configuration>',
      '',
    ].join('\n'),
  },
  longLine: {
    name: 'a line over 100 kB',
    text: [
      '<Configuration>',
      '  <OutputSettings>',
      `    <EventFormat>${LONG_VALUE}</EventFormat><!-- ${'c'.repeat(20_000)} --><AlertFormat>%Date%</AlertFormat>`,
      '    <ConnectionString>127.0.0.1:9998</ConnectionString>',
      '  </OutputSettings>',
      '</Configuration>',
      '',
    ].join('\n'),
  },
  multiLineAttributes: {
    name: 'attributes spread over several lines',
    text: [
      '<Configuration>',
      '  <IoCExports export_dir="../reports">',
      '    <IoCExport name="apt_hashes_weekly"',
      '               enabled="true"',
      '               delimiter=",">',
      '      <Filter field="category" value="KL_APT_Hash_MD5" included="true"/>',
      '    </IoCExport>',
      '  </IoCExports>',
      '</Configuration>',
      '',
    ].join('\n'),
  },
  gtInAttribute: {
    name: '">" inside attribute values',
    text: [
      '<Configuration>',
      '  <RegExps>',
      '    <RE_URL type="URL" note="a > b" extract="all">x</RE_URL>',
      "    <RE_IP type='IP' note='=> &gt;'>y</RE_IP>",
      '  </RegExps>',
      '</Configuration>',
      '',
    ].join('\n'),
  },
  entities: {
    name: 'entities in text and attributes',
    text: [
      '<Configuration>',
      '  <OutputSettings>',
      '    <ConnectionString>a&amp;b &lt;x&gt; &#x41;&#66;</ConnectionString>',
      '    <Filter value="&quot;q&quot; &amp; &#65;" other=\'&apos;\'/>',
      '    <EventFormat>plain</EventFormat>',
      '  </OutputSettings>',
      '</Configuration>',
      '',
    ].join('\n'),
  },
  noDeclaration: {
    name: 'no XML declaration',
    text: ['<Settings>', '  <EULA>accepted</EULA>', '</Settings>'].join('\n'),
  },
  processingInstructions: {
    name: 'processing instructions',
    text: [
      '<?xml version="1.0"?>',
      '<?xml-stylesheet type="text/xsl" href="style.xsl"?>',
      '<Configuration>',
      '  <?editor keep-this?>',
      '  <ServiceSettings>',
      '    <ScannersCount>9</ScannersCount><?pi after?>',
      '  </ServiceSettings>',
      '</Configuration>',
      '<?trailing pi?>',
      '',
    ].join('\n'),
  },
} satisfies Record<string, CorpusCase>;

/** The corpus, by oddity. */
export const CORPUS: Readonly<Record<keyof typeof CASES, CorpusCase>> = CASES;

/** The long value of CORPUS.longLine's EventFormat. */
export const CORPUS_LONG_VALUE = LONG_VALUE;
