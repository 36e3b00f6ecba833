import { createContext, useContext } from "react";

/** The per-response CSP nonce. Set on the server only: browsers hide nonces from scripts anyway. */
const NonceContext = createContext<string>("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
