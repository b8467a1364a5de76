/** The channel name of files officials send to the admin bot: only that bot can download them. */
export const adminFilesChannel = "telegram-admin";
