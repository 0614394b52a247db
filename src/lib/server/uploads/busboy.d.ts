/** The part of busboy 1.6's API this project uses (the package ships no types). */
declare module 'busboy' {
  import type { Readable, Writable } from 'node:stream';

  interface BusboyConfig {
    headers: Record<string, string | string[] | undefined>;
    /** Charset of file names and other header parameters; busboy assumes latin1 otherwise. */
    defParamCharset?: string;
    limits?: {
      fieldNameSize?: number;
      fieldSize?: number;
      fields?: number;
      fileSize?: number;
      files?: number;
      parts?: number;
      headerPairs?: number;
    };
  }

  interface FileInfo {
    filename: string | undefined;
    encoding: string;
    mimeType: string;
  }

  interface FieldInfo {
    nameTruncated: boolean;
    valueTruncated: boolean;
  }

  interface Busboy extends Writable {
    on(
      event: 'file',
      listener: (name: string, stream: Readable & { truncated?: boolean }, info: FileInfo) => void,
    ): this;
    on(event: 'field', listener: (name: string, value: string, info: FieldInfo) => void): this;
    on(event: 'partsLimit' | 'filesLimit' | 'fieldsLimit' | 'close' | 'finish' | 'drain', listener: () => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
  }

  function busboy(config: BusboyConfig): Busboy;
  export default busboy;
}
