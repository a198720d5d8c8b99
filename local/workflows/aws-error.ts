/** An error the local AWS emulator answers with its AWS name (`__type`), as the real service would. */
export class AwsServiceError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}
