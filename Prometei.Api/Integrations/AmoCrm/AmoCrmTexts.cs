namespace Prometei.Api.Integrations.AmoCrm;

/// <summary>Texts written into amoCRM (section <c>AmoCrm:Texts</c>). Russian by default.</summary>
public sealed class AmoCrmTexts
{
    /// <summary>The lead's name. <c>{code}</c>: the Kaspi order code.</summary>
    public string LeadName { get; set; } = "Kaspi {code}";

    /// <summary>The line-item note: <c>{code}</c>, <c>{items}</c> (one line per item), <c>{total}</c>.</summary>
    public string ItemsNote { get; set; } = "Заказ Kaspi №{code}\nТовары:\n{items}\nИтого: {total} ₸";

    /// <summary>One line of <c>{items}</c>: <c>{n}</c>, <c>{name}</c>, <c>{sku}</c>, <c>{quantity}</c>, <c>{price}</c>, <c>{sum}</c>.</summary>
    public string ItemLine { get; set; } = "{n}. {name} (арт. {sku}) × {quantity} по {price} ₸ = {sum} ₸";

    /// <summary>Note on a lead whose order was cancelled in Kaspi (when no status is configured): <c>{code}</c>, <c>{status}</c>.</summary>
    public string CancelledNote { get; set; } = "Заказ Kaspi №{code} отменён в Kaspi (статус {status}).";

    /// <summary>Note on a lead whose order was returned in Kaspi (when no status is configured): <c>{code}</c>, <c>{status}</c>.</summary>
    public string ReturnedNote { get; set; } = "Заказ Kaspi №{code}: возврат в Kaspi (статус {status}).";

    /// <summary>
    /// First lines of the note on a lead whose order has no usable phone (no contact is made): <c>{name}</c>, the customer as
    /// Kaspi names them, and <c>{code}</c>.
    /// </summary>
    public string ReviewNote { get; set; } = "Покупатель: {name}. Телефон в заказе Kaspi №{code} не распознан (скрыт или неверен): контакт не создан, проверьте вручную.";

    /// <summary>Name of a contact made from a Kaspi customer without a name.</summary>
    public string UnnamedCustomer { get; set; } = "Покупатель Kaspi";
}
