/** The hosted UI's pages: a minimal sign-in form and the error page. */

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// A function: the HTTP layer adds content-length to the object it is given.
const htmlHeaders = () => ({ "content-type": "text/html;charset=UTF-8", "cache-control": "no-store" });

/** SetUICustomization's CSS and logo for the page's app client (hosted UI classic branding). */
export interface LoginBranding {
  css?: string;
  logoUrl?: string;
}

/**
 * The sign-in form. Its elements carry the classic hosted UI's class names (banner-customizable,
 * label-customizable, inputField-customizable, submitButton-customizable, …) so the pool's CSS
 * styles them as on AWS.
 */
export function loginPage(poolName: string, error?: string, username = "", branding: LoginBranding = {}, signedInAs?: string): { status: number; headers: Record<string, string>; body: string } {
  // The CSS was checked by SetUICustomization; "</" still cannot end the style element early.
  const css = branding.css === undefined ? "" : `\n<style>${branding.css.replace(/<\//g, "<\\/")}</style>`;
  const logo = branding.logoUrl === undefined ? "" : `<div class="banner-customizable"><img class="logo-customizable" src="${escape(branding.logoUrl)}" alt="logo"></div>\n`;
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Signin</title>
<style>body{font-family:sans-serif;max-width:22rem;margin:4rem auto}label,input,button{display:block;width:100%;margin:.3rem 0}input,button{padding:.5rem}.error{color:#b00}</style>${css}</head>
<body class="background-customizable">${logo}<h1>Sign in</h1><p class="textDescription-customizable">${escape(poolName)} (sandbox hosted UI)</p>
${error ? `<p class="error errorMessage-customizable" id="loginErrorMessage">${escape(error)}</p>` : ""}${signedInAs === undefined ? "" : continueForm(signedInAs)}
<form method="post">
<label class="label-customizable" for="signInFormUsername">Username</label><input class="inputField-customizable" id="signInFormUsername" name="username" type="text" autocomplete="username" value="${escape(username)}" required>
<label class="label-customizable" for="signInFormPassword">Password</label><input class="inputField-customizable" id="signInFormPassword" name="password" type="password" autocomplete="current-password" required>
<button class="submitButton-customizable" type="submit" name="signInSubmitButton">Sign in</button>
</form></body></html>`;
  return { status: 200, headers: htmlHeaders(), body };
}

/** With a hosted UI session, the page offers to continue it ("Sign in as <username>"). */
function continueForm(username: string): string {
  return `<form method="post"><input type="hidden" name="session" value="continue"><button class="submitButton-customizable" type="submit" name="signInAsButton">Sign in as ${escape(username)}</button></form>
`;
}

export function errorPage(error: string): { status: number; headers: Record<string, string>; body: string } {
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Error</title></head>
<body><h1>An error was encountered with the requested page.</h1><p id="errorMessage">${escape(error)}</p></body></html>`;
  return { status: 400, headers: htmlHeaders(), body };
}
