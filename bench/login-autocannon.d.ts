// autocannon options bench/login.ts uses beyond those in lib/autocannon.d.ts.
declare module 'autocannon' {
  interface Options {
    readonly body?: string;
  }
}
