/** Promises by key, each made once (a failed one is made again): what a batch reads for every item alike. */
export class Memo {
  private readonly values = new Map<string, Promise<unknown>>();

  get<T>(key: string, make: () => Promise<T>): Promise<T> {
    let value = this.values.get(key) as Promise<T> | undefined;
    if (!value) {
      value = make();
      this.values.set(key, value);
      value.catch(() => this.values.delete(key));
    }
    return value;
  }
}
