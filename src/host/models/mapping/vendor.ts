// Identity of our models in VS Code's language-model registry.
export const VENDOR = 'openrouter-dual';
/** The virtual model that stands for the router. */
export const AUTO_MODEL_ID = 'auto';
