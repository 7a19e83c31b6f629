// The package ships no types; only the LGA cross-check test uses it.
declare module 'naija-state-local-government' {
  interface NaijaState {
    state: string;
    senatorial_districts: string[];
    lgas: string[];
  }
  const NaijaStates: {
    all(): NaijaState[];
    states(): string[];
    lgas(state: string): NaijaState | undefined;
  };
  export default NaijaStates;
}
