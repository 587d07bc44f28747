/** The hosted UI's pages: a minimal sign-in form and the error page. */

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// A function: the HTTP layer adds content-length to the object it is given.
const htmlHeaders = () => ({ "content-type": "text/html;charset=UTF-8", "cache-control": "no-store" });

export function loginPage(poolName: string, error?: string, username = ""): { status: number; headers: Record<string, string>; body: string } {
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Signin</title>
<style>body{font-family:sans-serif;max-width:22rem;margin:4rem auto}label,input,button{display:block;width:100%;margin:.3rem 0}input,button{padding:.5rem}.error{color:#b00}</style></head>
<body><h1>Sign in</h1><p>${escape(poolName)} (sandbox hosted UI)</p>
${error ? `<p class="error" id="loginErrorMessage">${escape(error)}</p>` : ""}
<form method="post">
<label for="signInFormUsername">Username</label><input id="signInFormUsername" name="username" type="text" autocomplete="username" value="${escape(username)}" required>
<label for="signInFormPassword">Password</label><input id="signInFormPassword" name="password" type="password" autocomplete="current-password" required>
<button type="submit" name="signInSubmitButton">Sign in</button>
</form></body></html>`;
  return { status: 200, headers: htmlHeaders(), body };
}

export function errorPage(error: string): { status: number; headers: Record<string, string>; body: string } {
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Error</title></head>
<body><h1>An error was encountered with the requested page.</h1><p id="errorMessage">${escape(error)}</p></body></html>`;
  return { status: 400, headers: htmlHeaders(), body };
}
